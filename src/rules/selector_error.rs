//! What is wrong with a CSS selector, in words: the parser's own message for most mistakes is
//! "Unexpected error occurred. Please report this to the developer", which tells a rule writer
//! nothing.

use scraper::error::SelectorErrorKind;

/// The mistake in a selector that did not parse.
pub(crate) fn describe(e: &SelectorErrorKind) -> String {
    // The parser's kinds carry tokens but say little in Display; their names say what happened.
    let debug = format!("{e:?}");
    let inner = debug
        .strip_prefix("UnexpectedSelectorParseError(")
        .unwrap_or(&debug);
    let kind: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let words = match kind.as_str() {
        "DanglingCombinator" => {
            "a combinator (`>`, `+`, `~`) with no selector on one side, or a doubled one (`>>`)"
        }
        "EmptySelector" => {
            "an empty selector: nothing between two commas, or a `#` or `.` with no name"
        }
        "UnsupportedPseudoClassOrElement" => {
            "a pseudo-class or pseudo-element that cannot select page elements here (`::after`, \
             `:hover`, or a misspelt one); select the element itself"
        }
        "ClassNeedsIdent" => "a `.` must be followed by a class name",
        "EndOfLine" => "it ends too early: an unclosed `[`, `(` or quote, or an attribute with no value",
        "NoQualifiedNameInAttributeSelector" => "an attribute selector `[…]` needs an attribute name",
        "UnexpectedTokenInAttributeSelector" | "BadValueInAttr" => {
            "an attribute selector is malformed: write `[name]`, `[name=value]` or `[name=\"a value\"]`"
        }
        "InvalidAtRule" | "InvalidAtRuleBody" | "QualRuleInvalid" => {
            "this is a style sheet rule, not a selector"
        }
        "UnexpectedToken" => return format!("unexpected {}", token(&debug)),
        "ExpectedColonOnPseudoElement" | "PseudoElementExpectedColon" => {
            "a pseudo-element needs `::` before its name"
        }
        "ExpectedIdentOnPseudoElement" | "PseudoElementExpectedIdent" | "NoIdentForPseudo" => {
            "a `:` must be followed by a pseudo-class name"
        }
        _ => return words_of(&kind),
    };
    words.to_string()
}

/// The token a parse error names, as `Delim('>')` shows it.
fn token(debug: &str) -> String {
    debug
        .split_once('(')
        .map(|(_, rest)| rest.trim_end_matches(')').to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "token".to_string())
}

/// `SomeKindName` as "some kind name".
fn words_of(kind: &str) -> String {
    let mut out = String::new();
    for c in kind.chars() {
        if c.is_ascii_uppercase() && !out.is_empty() {
            out.push(' ');
        }
        out.push(c.to_ascii_lowercase());
    }
    if out.is_empty() {
        "not a valid selector".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn why(selector: &str) -> String {
        match scraper::Selector::parse(selector) {
            Ok(_) => panic!("{selector:?} parsed"),
            Err(e) => describe(&e),
        }
    }

    #[test]
    fn common_mistakes_are_named() {
        assert!(why("div >").contains("combinator"), "{}", why("div >"));
        assert!(why("p::after").contains("pseudo"), "{}", why("p::after"));
        assert!(why("..x").contains("class name"), "{}", why("..x"));
        assert!(
            why("a[href=").contains("ends too early"),
            "{}",
            why("a[href=")
        );
        assert!(!why("#").contains("report this to the developer"));
    }
}
