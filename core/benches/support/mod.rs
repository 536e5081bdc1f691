//! What the benches share: the plain-ureq baseline's access token.

/// An access token from the sandbox at `url`, fetched with plain ureq (the baselines' own token).
pub fn token(url: &str) -> String {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut r = agent
        .post(format!(
            "{url}/user/auth/oauth2/token?grant_type=client_credentials&api_key=demo_api_key&api_secret=demo_api_secret"
        ))
        .send_empty()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&r.body_mut().read_to_vec().unwrap()).unwrap();
    v["retdata"]["access_token"].as_str().unwrap().to_owned()
}
