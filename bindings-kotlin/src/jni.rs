//! The direct JNI path of the hot pure functions (`com.wcheckout.NativeJni` in Kotlin): request
//! signing and verification, webhook verify + parse, the clock, and an empty call for the benchmark.
//!
//! UniFFI's JNA calling convention costs microseconds per call (JNA allocates a `Structure` with
//! native `Memory` for the call status on every call, registers it with its cleaner and copies
//! fields by reflection); a JNI call costs nanoseconds. These functions call the same core code
//! as the UniFFI exports (`ffi_sign_request`, `FfiSigner`'s methods, `FfiVerifier::verify`) and live
//! in the same library, so nothing is implemented twice. What they return to Kotlin:
//!
//! * a `String` (a signature) or a `byte[]` whose first byte is [`OK`] followed by the result in
//!   UniFFI's own serialization (a `WebhookEvent`; nothing for a verified signature), read by the generated `FfiConverter`;
//! * on failure a `byte[]` whose first byte is [`ERR`] followed by the `WCheckoutError` in
//!   UniFFI's serialization, so Kotlin throws exactly the typed exception the UniFFI path throws.
//!
//! A panic is caught here and returned as `WCheckoutError::Internal`; a JNI failure with a
//! pending Java exception (e.g. `OutOfMemoryError`) returns `null` and the exception propagates.
//!
//! Binding: Kotlin calls [`wcheckout_ffi_jni_register`] once through JNA (on the library JNA
//! already loaded for UniFFI, whichever file that is: one extracted from the jar to a temporary
//! file and deleted, or an Android app's jniLibs), which registers the functions below as the
//! native methods of `com.wcheckout.NativeJni` (`RegisterNatives`). So the library is loaded
//! once, and no `System.load` path has to be found.
//!
//! The registration entry must be `#[unsafe(no_mangle)]`, registering raw function pointers and
//! borrowing objects from UniFFI handles are `unsafe`: this module is the crate's only unsafe
//! code (see Cargo.toml's `[lints]`).
#![allow(unsafe_code)]

use std::sync::Arc;

use std::ffi::c_void;

use jni::objects::{JByteArray, JClass, JObject, JString};
use jni::strings::JNIStr;
use jni::sys::{jboolean, jint, jlong};
use jni::{Env, EnvUnowned, NativeMethod, Outcome, jni_str};
use uniffi::{Handle, HandleAlloc, Lower};
use wcheckout::QueryPrefix;
use wcheckout::signing::{self, SignInput};
use wcheckout::webhook::{SIGNATURE_HEADERS, TIMESTAMP_HEADERS};

use crate::error::{WCheckoutError, invalid_argument};
use crate::webhook::verify_event;
use crate::{FfiSigner, FfiVerifier, UniFfiTag};

/// First byte of a `byte[]` result: a value follows.
const OK: u8 = 0;
/// First byte of a `byte[]` result: a serialized `WCheckoutError` follows.
const ERR: u8 = 1;

/// Why a native function did not produce its result.
enum Fail {
    /// A typed SDK error, returned to Kotlin as such.
    Sdk(WCheckoutError),
    /// A JNI call failed (a Java exception may be pending).
    Jni(jni::errors::Error),
}

impl From<jni::errors::Error> for Fail {
    fn from(e: jni::errors::Error) -> Self {
        Fail::Jni(e)
    }
}

impl From<WCheckoutError> for Fail {
    fn from(e: WCheckoutError) -> Self {
        Fail::Sdk(e)
    }
}

impl From<wcheckout::Error> for Fail {
    fn from(e: wcheckout::Error) -> Self {
        Fail::Sdk(e.into())
    }
}

fn internal(reason: String) -> WCheckoutError {
    WCheckoutError::Internal { reason: format!("internal error in wcheckout: {reason} (please report this)") }
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic".to_owned()
    }
}

/// `[tag] + the UniFFI serialization of value`, in a buffer allocated once for `capacity` bytes
/// (a good guess saves the reallocations of growing from one byte).
fn tagged<T: Lower<UniFfiTag>>(tag: u8, value: T, capacity: usize) -> Vec<u8> {
    let mut buf = Vec::with_capacity(capacity);
    buf.push(tag);
    T::write(value, &mut buf);
    buf
}

fn byte_array<'l>(env: &mut Env<'l>, bytes: &[u8]) -> Result<JObject<'l>, Fail> {
    Ok(env.byte_array_from_slice(bytes)?.into())
}

/// Runs `f` with the native method's environment: its result, or the typed error as a
/// `byte[]`, or a caught panic as `WCheckoutError::Internal`; never unwinds into the JVM.
fn run<'l>(unowned: &mut EnvUnowned<'l>, f: impl FnOnce(&mut Env<'l>) -> Result<JObject<'l>, Fail>) -> JObject<'l> {
    let error = match unowned.with_env(f).into_outcome() {
        Outcome::Ok(obj) => return obj,
        Outcome::Err(Fail::Sdk(e)) => e,
        // A Java exception is pending: returning lets it propagate to the caller.
        Outcome::Err(Fail::Jni(jni::errors::Error::JavaException)) => return JObject::null(),
        Outcome::Err(Fail::Jni(e)) => internal(format!("JNI call failed: {e}")),
        Outcome::Panic(payload) => internal(panic_text(payload.as_ref())),
    };
    let bytes = tagged(ERR, error, 256);
    match unowned.with_env(|env| byte_array(env, &bytes)).into_outcome() {
        Outcome::Ok(obj) => obj,
        // Out of memory for the error itself: the pending exception (if any) propagates.
        Outcome::Err(_) | Outcome::Panic(_) => JObject::null(),
    }
}

/// Strings up to this many UTF-16 units are read into a stack buffer by [`text`].
const SHORT_TEXT: usize = 128;

/// A Java string as Rust text; an unpaired surrogate is an `invalid_argument` error. A short one
/// (every header value, method, path, timestamp) is copied with one `GetStringRegion` into a
/// stack buffer: two JNI calls and no JVM allocation, where `GetStringUTFChars` takes three and a
/// malloc'd copy; a long one is read as modified UTF-8.
fn text(env: &Env<'_>, s: &JString<'_>) -> Result<String, Fail> {
    if !s.is_null() {
        let raw = env.get_raw();
        // SAFETY: `raw` is this native call's valid JNIEnv and `s` a live non-null local
        // reference to a java.lang.String (a `JString`).
        let len = unsafe { ((**raw).v1_1.GetStringLength)(raw, s.as_raw()) };
        if let Ok(n) = usize::try_from(len)
            && n <= SHORT_TEXT
        {
            let mut buf = [0u16; SHORT_TEXT];
            // SAFETY: as above; the region 0..len lies inside the string (so no exception is
            // thrown) and `buf` has room for `len` (≤ SHORT_TEXT) units.
            unsafe { ((**raw).v1_2.GetStringRegion)(raw, s.as_raw(), 0, len, buf.as_mut_ptr()) };
            return String::from_utf16(buf.get(..n).unwrap_or_default())
                .map_err(|_| invalid_argument("a text argument is not valid Unicode (unpaired surrogate)").into());
        }
    }
    let chars = s.mutf8_chars(env)?;
    match simd_cesu8::mutf8::decode(chars.to_bytes()) {
        Ok(t) => Ok(t.into_owned()),
        Err(_) => Err(invalid_argument("a text argument is not valid Unicode (unpaired surrogate)").into()),
    }
}

/// A request to sign or verify, read from its Java arguments.
struct Request {
    method: String,
    timestamp: String,
    path: String,
    query: String,
    body: Vec<u8>,
}

impl Request {
    /// `[method, timestamp, path, query]` and the body.
    fn read(env: &Env<'_>, [m, ts, p, q]: [&JString<'_>; 4], body: &JByteArray<'_>) -> Result<Self, Fail> {
        let (method, timestamp, path, query) = (text(env, m)?, text(env, ts)?, text(env, p)?, text(env, q)?);
        Ok(Self { method, timestamp, path, query, body: bytes(env, body)? })
    }

    fn input(&self) -> SignInput<'_> {
        SignInput::new(&self.method, &self.timestamp, &self.path).query(&self.query).body(&self.body)
    }
}

fn bytes(env: &Env<'_>, array: &JByteArray<'_>) -> Result<Vec<u8>, Fail> {
    Ok(env.convert_byte_array(array)?)
}

fn string<'l>(env: &mut Env<'l>, s: &str) -> Result<JObject<'l>, Fail> {
    Ok(env.new_string(s)?.into())
}

/// An `Arc` of the object behind a UniFFI handle the Kotlin caller holds for the whole call
/// (`callWithHandle`), so the object cannot be freed meanwhile.
fn borrow<T: HandleAlloc<UniFfiTag>>(handle: jlong) -> Result<Arc<T>, Fail> {
    if handle == 0 {
        return Err(internal("null object handle".to_owned()).into());
    }
    // Handles are the bits of a u64; the JVM has no unsigned long.
    let raw = u64::from_ne_bytes(handle.to_ne_bytes());
    // SAFETY: `raw` is a live handle of a `T` created by UniFFI and kept alive by the caller's
    // `callWithHandle` for the duration of this call; `get_arc` takes its own reference.
    Ok(unsafe { T::get_arc(Handle::from_raw_unchecked(raw)) })
}

/// An empty call: what one JNI crossing costs (the benchmark's `kotlin.crossing`).
extern "system" fn noop<'l>(_env: EnvUnowned<'l>, _class: JClass<'l>) -> jint {
    0
}

/// Milliseconds since the Unix epoch (`nowMillis()`).
extern "system" fn now_millis<'l>(_env: EnvUnowned<'l>, _class: JClass<'l>) -> jlong {
    i64::try_from(signing::now_millis()).unwrap_or(i64::MAX)
}

/// `signRequest(signKey, method, timestamp, path, query, body, queryPrefix)`: a `String`, or an error `byte[]`.
#[allow(clippy::too_many_arguments)] // the JNI signature of the Kotlin function
extern "system" fn sign_request<'l>(
    mut unowned: EnvUnowned<'l>,
    _class: JClass<'l>,
    sign_key: JString<'l>,
    method: JString<'l>,
    timestamp: JString<'l>,
    path: JString<'l>,
    query: JString<'l>,
    body: JByteArray<'l>,
    question_mark: jboolean,
) -> JObject<'l> {
    run(&mut unowned, |env| {
        let key = text(env, &sign_key)?;
        let request = Request::read(env, [&method, &timestamp, &path, &query], &body)?;
        let prefix = if question_mark { QueryPrefix::QuestionMark } else { QueryPrefix::None };
        let sig = signing::sign_request(&key, &request.input(), prefix)?;
        string(env, &sig)
    })
}

/// `RequestSigner.sign`: the signer behind a UniFFI `FfiSigner` handle.
#[allow(clippy::too_many_arguments)] // the JNI signature of the Kotlin function
extern "system" fn signer_sign<'l>(
    mut unowned: EnvUnowned<'l>,
    _class: JClass<'l>,
    signer: jlong,
    method: JString<'l>,
    timestamp: JString<'l>,
    path: JString<'l>,
    query: JString<'l>,
    body: JByteArray<'l>,
) -> JObject<'l> {
    run(&mut unowned, |env| {
        let signer = borrow::<FfiSigner>(signer)?;
        let request = Request::read(env, [&method, &timestamp, &path, &query], &body)?;
        let sig = signer.core().sign(&request.input())?;
        string(env, &sig)
    })
}

/// `RequestSigner.verify`: `[OK]` when the signature matches, else the typed error
/// (`SignatureMismatch` …).
#[allow(clippy::too_many_arguments)] // the JNI signature of the Kotlin function
extern "system" fn signer_verify<'l>(
    mut unowned: EnvUnowned<'l>,
    _class: JClass<'l>,
    signer: jlong,
    signature: JString<'l>,
    method: JString<'l>,
    timestamp: JString<'l>,
    path: JString<'l>,
    query: JString<'l>,
    body: JByteArray<'l>,
) -> JObject<'l> {
    run(&mut unowned, |env| {
        let signer = borrow::<FfiSigner>(signer)?;
        let signature = text(env, &signature)?;
        let request = Request::read(env, [&method, &timestamp, &path, &query], &body)?;
        signer.core().verify(&request.input(), &signature)?;
        byte_array(env, &[OK])
    })
}

/// `RequestSigner.signTimestampBody`: a `String`, or an error `byte[]`.
extern "system" fn signer_sign_timestamp_body<'l>(
    mut unowned: EnvUnowned<'l>,
    _class: JClass<'l>,
    signer: jlong,
    timestamp: JString<'l>,
    body: JByteArray<'l>,
) -> JObject<'l> {
    run(&mut unowned, |env| {
        let signer = borrow::<FfiSigner>(signer)?;
        let timestamp = text(env, &timestamp)?;
        let body = bytes(env, &body)?;
        let sig = signer.core().sign_timestamp_body(&timestamp, &body)?;
        string(env, &sig)
    })
}

/// `WebhookVerifier.verify` (`use_clock`) / `verifyAt(now_ms)`: the verifier behind a UniFFI
/// `FfiVerifier` handle. Kotlin has picked the `SIGNATURE` and `TIMESTAMP` values out of the
/// headers with core's rule (`Headers.kt`; `null` when absent), so only those two strings cross,
/// not every header (each costs JNI calls and copies). Returns `[OK] + WebhookEvent`.
#[allow(clippy::too_many_arguments)] // the JNI signature of the Kotlin function
extern "system" fn verify_webhook<'l>(
    mut unowned: EnvUnowned<'l>,
    _class: JClass<'l>,
    verifier: jlong,
    signature: JString<'l>,
    timestamp: JString<'l>,
    body: JByteArray<'l>,
    use_clock: jboolean,
    now_ms: jlong,
) -> JObject<'l> {
    run(&mut unowned, |env| {
        let verifier = borrow::<FfiVerifier>(verifier)?;
        let mut pairs = Vec::with_capacity(2);
        if !signature.is_null() {
            pairs.push((SIGNATURE_HEADERS[0], text(env, &signature)?));
        }
        if !timestamp.is_null() {
            pairs.push((TIMESTAMP_HEADERS[0], text(env, &timestamp)?));
        }
        let body = bytes(env, &body)?;
        let now = if use_clock {
            signing::now_millis()
        } else {
            u64::try_from(now_ms).map_err(|_| invalid_argument("nowMs must not be negative"))?
        };
        // The event holds the body (rawJson) and its fields, which are shorter than the body.
        let capacity = 2 * body.len() + 256;
        let event = verify_event(verifier.core(), &pairs, body, now)?;
        byte_array(env, &tagged(OK, event, capacity))
    })
}

/// Panics on purpose, so tests can prove a panic on the JNI path is `WCheckoutException.Internal`.
#[allow(clippy::panic)] // deliberate: the test hook
extern "system" fn panic_for_test<'l>(
    mut unowned: EnvUnowned<'l>,
    _class: JClass<'l>,
    message: JString<'l>,
) -> JObject<'l> {
    run(&mut unowned, |env| {
        let message = text(env, &message)?;
        std::panic::panic_any(message)
    })
}

/// `(name, JNI signature, function)` of every native method of `com.wcheckout.NativeJni`.
fn methods() -> [(&'static JNIStr, &'static JNIStr, *mut c_void); 9] {
    [
        (jni_str!("noop"), jni_str!("()I"), noop as *mut c_void),
        (jni_str!("nowMillis"), jni_str!("()J"), now_millis as *mut c_void),
        (
            jni_str!("signRequest"),
            jni_str!(
                "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;[BZ)Ljava/lang/Object;"
            ),
            sign_request as *mut c_void,
        ),
        (
            jni_str!("signerSign"),
            jni_str!("(JLjava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;[B)Ljava/lang/Object;"),
            signer_sign as *mut c_void,
        ),
        (
            jni_str!("signerVerify"),
            jni_str!(
                "(JLjava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;[B)Ljava/lang/Object;"
            ),
            signer_verify as *mut c_void,
        ),
        (
            jni_str!("signerSignTimestampBody"),
            jni_str!("(JLjava/lang/String;[B)Ljava/lang/Object;"),
            signer_sign_timestamp_body as *mut c_void,
        ),
        (
            jni_str!("verifyWebhook"),
            jni_str!("(JLjava/lang/String;Ljava/lang/String;[BZJ)Ljava/lang/Object;"),
            verify_webhook as *mut c_void,
        ),
        (jni_str!("panicForTest"), jni_str!("(Ljava/lang/String;)Ljava/lang/Object;"), panic_for_test as *mut c_void),
        (jni_str!("apiLevel"), jni_str!("()I"), api_level as *mut c_void),
    ]
}

/// The version of this table; `NativeJni.API_LEVEL` in Kotlin must be the same, or Kotlin uses
/// the UniFFI path (a library from another build, e.g. through `libraryOverride`). Raise both
/// whenever a method is added or changes.
const API_LEVEL: jint = 2;

extern "system" fn api_level<'l>(_env: EnvUnowned<'l>, _class: JClass<'l>) -> jint {
    API_LEVEL
}

/// Registers the native methods of `com.wcheckout.NativeJni`; called by Kotlin through JNA with
/// the calling thread's `JNIEnv` (JNA's `JNIEnv.CURRENT`). 0 on success; otherwise -1 with the
/// Java exception (e.g. `NoClassDefFoundError`, `NoSuchMethodError`) pending for the caller.
#[unsafe(no_mangle)]
pub extern "C" fn wcheckout_ffi_jni_register(env: *mut jni::sys::JNIEnv) -> jint {
    if env.is_null() {
        return -1;
    }
    // SAFETY: JNA passes the current thread's valid JNIEnv for a `JNIEnv` parameter, and the
    // call is a native method call with its own JNI frame for the duration of this function.
    let mut unowned = unsafe { EnvUnowned::from_raw(env) };
    let outcome = unowned
        .with_env(|env| -> jni::errors::Result<()> {
            // Found through the class loader of the JNA-registered caller (the SDK's own).
            let class = env.find_class(jni_str!("com/wcheckout/NativeJni"))?;
            let table: Vec<NativeMethod<'_>> = methods()
                .into_iter()
                // SAFETY: every pointer is an `extern "system"` function of this module whose
                // parameters (env, class, then the arguments) and result match its signature.
                .map(|(name, sig, f)| unsafe { NativeMethod::from_raw_parts(name, sig, f) })
                .collect();
            // SAFETY: as above; all are static methods, so the second parameter is the class.
            unsafe { env.register_native_methods(&class, &table) }
        })
        .into_outcome();
    match outcome {
        Outcome::Ok(()) => 0,
        Outcome::Err(_) | Outcome::Panic(_) => -1,
    }
}
