//! Prints the model schema (`wcheckout::schema::to_json`) as JSON.
//! `cargo run -p wcheckout --features schema --example model_schema`
fn main() {
    #[cfg(feature = "schema")]
    println!("{:#}", wcheckout::schema::to_json());
    #[cfg(not(feature = "schema"))]
    eprintln!("build with --features schema");
}
