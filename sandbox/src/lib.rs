//! A faithful local W Checkout server (placeholder until the sandbox lands).
