//! The configuration documented from its own structs: every key of config.toml with its type,
//! its default and the first line of its doc comment, read from the JSON schemas `schemars`
//! derives from the config types. `unboil config` prints the effective configuration this way;
//! docs/config.md is [`reference_markdown`], checked against the committed page by a test, so
//! neither can drift from the code.

use crate::clean::{CleanConfig, CleanerConfig};
use crate::config::{Config, JobConfig};
use crate::extract::ExtractOptions;
use crate::source::http::FetchConfig;
use schemars::{schema_for, JsonSchema, Schema};
use serde_json::Value;
use std::fmt::Write;

/// One key of a table: what a user writes, what it means, what it is when left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key.
    pub name: String,
    /// Its type as a user writes it ("integer", "list of strings", "one of …").
    pub kind: String,
    /// The value when the key is left out; `None` when it must be given or is unset by default.
    pub default: Option<Value>,
    /// Required in its table.
    pub required: bool,
    /// The doc comment of its field, on one line.
    pub doc: String,
}

/// One table of config.toml (`[extract]`), or one kind of a tagged table (`[[clean.chain]]`
/// with `type = "strip_widgets"`).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The table's header as written in config.toml.
    pub header: String,
    /// For a kind of a tagged table: the value of its `type` key.
    pub tag: Option<String>,
    /// What the table (or kind) is for.
    pub doc: String,
    /// Its keys, in alphabetical order.
    pub keys: Vec<Key>,
}

/// Every table a config.toml may have, with every key.
pub fn tables() -> Vec<Table> {
    let mut out = vec![
        table::<ExtractOptions>("[extract]"),
        table::<FetchConfig>("[fetch]"),
    ];
    let mut clean = table::<CleanConfig>("[clean]");
    for k in &mut clean.keys {
        if k.name == "chain" {
            // The default chain is the list of `[[clean.chain]]` tables below.
            k.kind = "list of [[clean.chain]] tables".into();
            k.default = Some(Value::String("the built-in cleaners, in order".into()));
        }
    }
    out.push(clean);
    out.extend(kinds::<CleanerConfig>("[[clean.chain]]"));
    let job = schema_for!(JobConfig);
    let defs = job.get("$defs").cloned().unwrap_or(Value::Null);
    out.push(table_of("[[job]]", None, job.as_value(), &defs));
    for (def, header) in [
        ("SourceConfig", "sources = [{ … }] of a [[job]]"),
        ("SinkConfig", "output = { … } of a [[job]]"),
    ] {
        if let Some(schema) = defs.get(def) {
            out.extend(variants(header, schema, &defs));
        }
    }
    out
}

fn table<T: JsonSchema>(header: &str) -> Table {
    let schema: Schema = schema_for!(T);
    let defs = schema.get("$defs").cloned().unwrap_or(Value::Null);
    table_of(header, None, schema.as_value(), &defs)
}

fn kinds<T: JsonSchema>(header: &str) -> Vec<Table> {
    let schema: Schema = schema_for!(T);
    let defs = schema.get("$defs").cloned().unwrap_or(Value::Null);
    variants(header, schema.as_value(), &defs)
}

/// The kinds of a `#[serde(tag = "type")]` enum, one table each.
fn variants(header: &str, schema: &Value, defs: &Value) -> Vec<Table> {
    let Some(list) = schema.get("oneOf").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .map(|v| {
            let tag = v
                .pointer("/properties/type/const")
                .and_then(Value::as_str)
                .map(str::to_string);
            table_of(header, tag, v, defs)
        })
        .collect()
}

fn table_of(header: &str, tag: Option<String>, schema: &Value, defs: &Value) -> Table {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let keys = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|props| {
            props
                .iter()
                .filter(|(name, _)| !(tag.is_some() && name.as_str() == "type"))
                .map(|(name, prop)| Key {
                    name: name.clone(),
                    kind: kind_of(prop, defs),
                    default: prop.get("default").cloned(),
                    required: required.contains(&name.as_str()),
                    doc: one_line(prop.get("description")),
                })
                .collect()
        })
        .unwrap_or_default();
    Table {
        header: header.to_string(),
        tag,
        doc: one_line(schema.get("description")),
        keys,
    }
}

/// A key's type as a user writes it.
fn kind_of(prop: &Value, defs: &Value) -> String {
    if let Some(name) = prop
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
    {
        let def = defs.get(name).unwrap_or(&Value::Null);
        let choices: Vec<&str> = def
            .get("oneOf")
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(|c| c.get("const")?.as_str()).collect())
            .unwrap_or_default();
        if !choices.is_empty()
            && def.get("oneOf").and_then(Value::as_array).map(Vec::len) == Some(choices.len())
        {
            return format!("one of {}", choices.join(", "));
        }
        return match name {
            "SinkConfig" => "table (see the output kinds)".into(),
            "SourceConfig" => "table (see the source kinds)".into(),
            other => other.to_string(),
        };
    }
    let base = |t: &str| match t {
        "integer" | "number" | "boolean" | "string" => t.to_string(),
        "array" => {
            let items = prop.get("items").map(|i| kind_of(i, defs));
            match items.as_deref() {
                Some("string") => "list of strings".into(),
                Some("table (see the source kinds)") => {
                    "list of tables (see the source kinds)".into()
                }
                Some(i) => format!("list of {i}"),
                None => "list".into(),
            }
        }
        other => other.to_string(),
    };
    match prop.get("type") {
        Some(Value::String(t)) => base(t),
        Some(Value::Array(ts)) => {
            let named: Vec<String> = ts
                .iter()
                .filter_map(Value::as_str)
                .filter(|t| *t != "null")
                .map(base)
                .collect();
            named.join(" or ")
        }
        _ => "value".into(),
    }
}

/// A doc comment on one line: wrapped lines joined.
fn one_line(desc: Option<&Value>) -> String {
    desc.and_then(Value::as_str)
        .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// A value as TOML writes it.
fn toml_value(v: &Value) -> String {
    match toml::Value::try_from(v) {
        Ok(t) => t.to_string(),
        Err(_) => v.to_string(),
    }
}

/// docs/config.md: every table and key, with types, defaults and docs.
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# Configuration reference\n\n\
         Every key of `config.toml`, generated from the configuration types' doc comments \
         (`unboil config --reference`; a test keeps this page in step with the code). \
         `unboil config` prints the effective configuration, every key with its value.\n",
    );
    let mut last_header = String::new();
    for t in tables() {
        if t.header != last_header {
            let _ = write!(out, "\n## `{}`\n", t.header);
            if t.tag.is_some() {
                let _ = writeln!(out, "\nOne of the kinds below, named by `type`.");
            }
            last_header = t.header.clone();
        }
        match &t.tag {
            Some(tag) => {
                let _ = write!(out, "\n### `type = \"{tag}\"`\n\n{}\n", t.doc);
            }
            None => {
                let _ = write!(out, "\n{}\n", t.doc);
            }
        }
        if t.keys.is_empty() {
            if t.tag.is_some() {
                out.push_str("\nNo settings.\n");
            }
            continue;
        }
        out.push_str("\n| key | type | default | description |\n| --- | --- | --- | --- |\n");
        for k in &t.keys {
            let default = match (&k.default, k.required) {
                (_, true) => "required".to_string(),
                (Some(Value::String(s)), false) if t.header == "[clean]" && k.name == "chain" => {
                    s.clone()
                }
                (Some(Value::Null) | None, false) => "not set".to_string(),
                (Some(v), false) => format!("`{}`", toml_value(v).replace('|', "\\|")),
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} |",
                k.name,
                k.kind,
                default,
                k.doc.replace('|', "\\|")
            );
        }
    }
    out
}

/// The effective configuration as annotated TOML: every table and key with its value, the key's
/// doc above it and its default beside it when the value differs.
pub fn effective_toml(config: &Config) -> String {
    let mut out = String::new();
    let from = match &config.path {
        Some(p) => format!(
            "{}, with built-in defaults for what it leaves out",
            p.display()
        ),
        None => "built-in defaults (no config.toml)".to_string(),
    };
    let _ = writeln!(out, "# The effective configuration: {from}.");
    let _ = writeln!(
        out,
        "# Every key with its value; the reference with all kinds is docs/config.md.\n"
    );
    let all = tables();
    let find = |header: &str, tag: Option<&str>| {
        all.iter()
            .find(|t| t.header == header && t.tag.as_deref() == tag)
    };
    if let Some(t) = find("[extract]", None) {
        write_table(&mut out, t, &value(&config.extract), None);
    }
    if let Some(t) = find("[fetch]", None) {
        write_table(&mut out, t, &value(&config.fetch), None);
    }
    let _ = writeln!(out, "[clean]");
    if let Some(t) = find("[clean]", None) {
        if let Some(k) = t.keys.iter().find(|k| k.name == "rules") {
            let _ = writeln!(out, "# {}", k.doc);
            let rules: Vec<String> = config
                .rules
                .files()
                .iter()
                .map(|r| r.name.clone())
                .collect();
            let _ = writeln!(
                out,
                "# rule files loaded (by name): {}",
                if rules.is_empty() {
                    "none".to_string()
                } else {
                    rules.join(", ")
                }
            );
        }
    }
    out.push('\n');
    for cleaner in &config.chain {
        let v = value(cleaner);
        let tag = v.get("type").and_then(Value::as_str).unwrap_or("");
        if let Some(t) = find("[[clean.chain]]", Some(tag)) {
            write_table(&mut out, t, &v, Some(tag));
        }
    }
    for job in &config.jobs {
        if let Some(t) = find("[[job]]", None) {
            write_table(&mut out, t, &value(job), None);
        }
    }
    if config.jobs.is_empty() {
        out.push_str("# No [[job]] tables: `unboil run` has nothing to run.\n");
    }
    out
}

fn value(v: &impl serde::Serialize) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn write_table(out: &mut String, t: &Table, values: &Value, tag: Option<&str>) {
    let _ = writeln!(out, "{}", t.header);
    if let Some(tag) = tag {
        let _ = writeln!(out, "type = \"{tag}\"  # {}", t.doc);
    } else if !t.doc.is_empty() {
        let _ = writeln!(out, "# {}", t.doc);
    }
    for k in &t.keys {
        let _ = writeln!(out, "# {} ({})", k.doc, k.kind);
        match values.get(&k.name) {
            None | Some(Value::Null) => {
                let _ = writeln!(out, "# {} is not set", k.name);
            }
            Some(v) => {
                let differs = k.default.as_ref().is_some_and(|d| d != v);
                let note = match (&k.default, differs) {
                    (Some(d), true) => format!("  # default: {}", toml_value(d)),
                    _ => String::new(),
                };
                let _ = writeln!(out, "{} = {}{note}", k.name, toml_value(v));
            }
        }
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_of_extract_is_documented_with_its_default() {
        let t = tables();
        let extract = t
            .iter()
            .find(|t| t.header == "[extract]")
            .expect("[extract]");
        let focus = extract
            .keys
            .iter()
            .find(|k| k.name == "focus")
            .expect("focus");
        assert_eq!(focus.kind, "one of precision, balanced, recall");
        assert_eq!(focus.default, Some(Value::String("balanced".into())));
        let fields = serde_json::to_value(ExtractOptions::default()).expect("serialises");
        let n = fields.as_object().map_or(0, |o| o.len());
        assert_eq!(extract.keys.len(), n);
        assert!(
            extract.keys.iter().all(|k| !k.doc.is_empty()),
            "{extract:?}"
        );
    }

    #[test]
    fn every_cleaner_has_a_kind() {
        let t = tables();
        let kinds = t.iter().filter(|t| t.header == "[[clean.chain]]").count();
        assert_eq!(kinds, CleanConfig::default().chain.len() + 1);
    }

    #[test]
    fn changed_values_show_their_default() {
        let mut config = Config::builtin().expect("builtin");
        config.extract.tables = false;
        let out = effective_toml(&config);
        assert!(out.contains("tables = false  # default: true"), "{out}");
        assert!(out.contains("focus = \"balanced\"\n"), "{out}");
    }
}
