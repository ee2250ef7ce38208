//! Reads the questionnaire, parses it as TOML, and says so on stderr: the least any program
//! showing its first question must do.

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "questions.toml".into());
    let text = std::fs::read_to_string(&path).expect("cannot read the questionnaire");
    let value: toml::Value = toml::from_str(&text).expect("not valid TOML");
    let sections = value.get("sections").and_then(|s| s.as_array()).map_or(0, Vec::len);
    eprintln!("{path}: {sections} sections");
}
