//! The XPath of the FiveFilters site configs as CSS selectors.
//!
//! Only the forms with an exact CSS meaning are translated; anything else is refused with the
//! reason, never approximated, since a guessed selector removes the wrong text:
//!
//! | XPath                                                         | CSS                     |
//! |---------------------------------------------------------------|-------------------------|
//! | `//div//p`, `//div/p`, `/html/body`                           | `div p`, `div > p`, `html:root > body` |
//! | `//*`, `descendant::p`, `descendant-or-self::node()`          | `*`, ` p`, `//`         |
//! | `[@class="x"]`, `[@id]`                                       | `[class="x"]`, `[id]`   |
//! | `[contains(@class, "x")]`, `starts-with`, `ends-with`         | `[class*="x"]`, `^=`, `$=` |
//! | `[contains(concat(' ',normalize-space(@class),' '),' x ')]`   | `[class~="x"]`          |
//! | `[… and …]`, `[… or …]`, `[not(…)]`                           | `…`, `:is(…, …)`, `:not(…)` |
//! | `div[1]`, `div[last()]`, `*[2]` (as a step's first predicate) | `:nth-of-type(1)`, `:last-of-type`, `:nth-child(2)` |
//! | `[p]`, `[.//img]` (a path as a condition)                     | `:has(> p)`, `:has(img)` |
//! | `//a[…]/..`, `//a[…]/parent::p` (one step, then up)           | `*:has(> a…)`, `p:has(> a…)` |
//! | `following-sibling::p`                                        | `~ p`                   |
//! | `a | b`                                                       | `a, b`                  |
//! | `(…)[1]`, `…/@content`, `…/text()`                            | the first match, an attribute, the text (metadata) |
//!
//! Refused: conditions on text (`text()`, `.`, `string()`), positions after another predicate
//! (`div[@class="x"][1]` counts differently from `:nth-of-type`), `!=`, ancestor and preceding
//! axes, functions CSS has no counterpart for.

/// A translated expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Css {
    /// The selector.
    pub selector: String,
    /// `…/@name`: the expression selects this attribute of the matched elements.
    pub attribute: Option<String>,
    /// `…/text()`: the expression selects the text of the matched elements.
    pub text: bool,
    /// `(…)[1]`: only the first match in page order counts.
    pub first_only: bool,
}

/// Why an expression was not translated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Untranslatable(pub String);

type Result<T> = std::result::Result<T, Untranslatable>;

fn refuse<T>(why: impl Into<String>) -> Result<T> {
    Err(Untranslatable(why.into()))
}

/// Translates `xpath` into CSS.
pub fn to_css(xpath: &str) -> Result<Css> {
    let mut p = Parser {
        s: xpath.trim(),
        i: 0,
    };
    let css = p.union()?;
    p.ws();
    if p.i < p.s.len() {
        return refuse(format!("unexpected {:?}", p.rest_preview()));
    }
    Ok(css)
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
}

/// How a step hangs from the one before it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sep {
    /// The first step of `//x` (anywhere) or of a relative path inside a condition.
    Start,
    /// `/x` at the very start: the root element.
    Root,
    Child,
    Descendant,
    Sibling,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.i..]
    }

    fn rest_preview(&self) -> String {
        self.rest().chars().take(24).collect()
    }

    fn ws(&mut self) {
        while self.rest().starts_with(char::is_whitespace) {
            self.i += self.rest().chars().next().map_or(1, char::len_utf8);
        }
    }

    fn eat(&mut self, token: &str) -> bool {
        self.ws();
        if self.rest().starts_with(token) {
            self.i += token.len();
            true
        } else {
            false
        }
    }

    /// `word` followed by something that cannot continue a name.
    fn eat_word(&mut self, word: &str) -> bool {
        self.ws();
        let rest = self.rest();
        if rest.starts_with(word)
            && !rest[word.len()..]
                .starts_with(|c: char| c.is_alphanumeric() || c == '-' || c == '_')
        {
            self.i += word.len();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, token: &str) -> Result<()> {
        if self.eat(token) {
            Ok(())
        } else {
            refuse(format!("expected {token:?} at {:?}", self.rest_preview()))
        }
    }

    fn name(&mut self) -> Option<&'a str> {
        self.ws();
        let rest = self.rest();
        let len = rest
            .char_indices()
            .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')))
            .map_or(rest.len(), |(j, _)| j);
        // A name never ends in ':' (that is an axis) and never starts with a digit or '.'.
        let name = rest[..len].trim_end_matches(':');
        if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
            return None;
        }
        if rest[name.len()..].starts_with("::") {
            return None;
        }
        self.i += name.len();
        Some(name)
    }

    fn literal(&mut self) -> Result<String> {
        self.ws();
        let rest = self.rest();
        let Some(q) = rest.chars().next().filter(|c| *c == '\'' || *c == '"') else {
            return refuse(format!(
                "expected a quoted string at {:?}",
                self.rest_preview()
            ));
        };
        match rest[1..].find(q) {
            Some(end) => {
                self.i += end + 2;
                Ok(rest[1..1 + end].to_string())
            }
            None => refuse("unterminated string"),
        }
    }

    fn number(&mut self) -> Option<u32> {
        self.ws();
        let rest = self.rest();
        let len = rest.chars().take_while(char::is_ascii_digit).count();
        if len == 0 {
            return None;
        }
        let n = rest[..len].parse().ok()?;
        self.i += len;
        Some(n)
    }

    /// `path | path | …`
    fn union(&mut self) -> Result<Css> {
        let mut parts = vec![self.path_expr()?];
        while self.eat("|") {
            parts.push(self.path_expr()?);
        }
        let first = parts[0].clone();
        if parts
            .iter()
            .any(|p| p.attribute != first.attribute || p.text != first.text)
        {
            return refuse("the parts of the union select different things");
        }
        if parts.len() > 1 && parts.iter().any(|p| p.first_only) {
            return refuse("a union with a (…)[1] part");
        }
        Ok(Css {
            selector: parts
                .iter()
                .map(|p| p.selector.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            ..first
        })
    }

    /// `(union)[1]` or a location path.
    fn path_expr(&mut self) -> Result<Css> {
        self.ws();
        if self.eat("(") {
            let inner = self.union()?;
            self.expect(")")?;
            if self.eat("[") {
                let n = self.number();
                self.expect("]")?;
                if n != Some(1) {
                    return refuse("(…)[n] with n other than 1");
                }
                return Ok(Css {
                    first_only: true,
                    ..inner
                });
            }
            return Ok(inner);
        }
        let sep = if self.eat("//") {
            Sep::Start
        } else if self.eat("/") {
            Sep::Root
        } else {
            return refuse("a relative path (it names no place in the page)");
        };
        self.location(sep)
    }

    /// The steps of a path, starting with the separator already read.
    fn location(&mut self, mut sep: Sep) -> Result<Css> {
        let anywhere = sep == Sep::Start;
        let mut out = String::new();
        let mut steps = 0;
        let mut attribute = None;
        let mut text = false;
        loop {
            self.ws();
            if self.eat("@") {
                let name = self
                    .name()
                    .ok_or_else(|| Untranslatable("bad attribute".into()))?;
                if sep != Sep::Child {
                    return refuse("an attribute selected other than as /@name");
                }
                attribute = Some(name.to_string());
                break;
            }
            if self.eat_word("text") {
                self.expect("(")?;
                self.expect(")")?;
                if sep != Sep::Child && sep != Sep::Descendant {
                    return refuse("text() in this place");
                }
                text = true;
                break;
            }
            let up = self.eat("..");
            if up || self.rest().starts_with("parent::") {
                let tag = if up {
                    "*".to_string()
                } else {
                    self.eat("parent::");
                    self.node_test()?
                };
                if steps != 1 || sep != Sep::Child || !anywhere {
                    return refuse("going up from a path of more than one step");
                }
                out = format!("{tag}:has(> {out})");
            } else {
                let step = self.step(&mut sep)?;
                match sep {
                    Sep::Start | Sep::Root => {}
                    Sep::Child => out.push_str(" > "),
                    Sep::Descendant => out.push(' '),
                    Sep::Sibling => out.push_str(" ~ "),
                }
                if sep == Sep::Root {
                    out.push_str(&step);
                    out.push_str(":root");
                } else {
                    out.push_str(&step);
                }
                steps += 1;
            }
            if self.eat("//") {
                sep = Sep::Descendant;
            } else if self.eat("/") {
                sep = Sep::Child;
            } else {
                break;
            }
        }
        if out.is_empty() {
            return refuse("an empty path");
        }
        Ok(Css {
            selector: out,
            attribute,
            text,
            first_only: false,
        })
    }

    /// One step: an optional axis, a node test, predicates. May change `sep` for the axis.
    fn step(&mut self, sep: &mut Sep) -> Result<String> {
        self.ws();
        if self.eat("descendant-or-self::node()") {
            // `a/descendant-or-self::node()/b` is `a//b`.
            if !self.eat("/") {
                return refuse("descendant-or-self::node() at the end of a path");
            }
            *sep = if *sep == Sep::Start {
                Sep::Start
            } else {
                Sep::Descendant
            };
            return self.step(sep);
        }
        if self.eat("descendant::") {
            if *sep == Sep::Child {
                *sep = Sep::Descendant;
            }
        } else if self.eat("child::") {
        } else if self.eat("following-sibling::") {
            if *sep != Sep::Child {
                return refuse("following-sibling:: after //");
            }
            *sep = Sep::Sibling;
        } else if self.eat("self::") {
            return refuse("the self:: axis");
        } else if self.rest().contains("::")
            && self.rest().split("::").next().is_some_and(|a| {
                a.chars().all(|c| c.is_alphanumeric() || c == '-') && !a.is_empty()
            })
        {
            return refuse(format!(
                "the {}:: axis",
                self.rest().split("::").next().unwrap_or_default()
            ));
        }
        let tag = self.node_test()?;
        let mut css = tag.clone();
        let mut first = true;
        while self.eat("[") {
            if let Some(n) = self.number() {
                self.expect("]")?;
                if !first {
                    return refuse("a position after another condition");
                }
                css.push_str(&if tag == "*" {
                    format!(":nth-child({n})")
                } else {
                    format!(":nth-of-type({n})")
                });
            } else if self.eat_word("last") {
                self.expect("(")?;
                self.expect(")")?;
                self.expect("]")?;
                if !first {
                    return refuse("a position after another condition");
                }
                css.push_str(if tag == "*" {
                    ":last-child"
                } else {
                    ":last-of-type"
                });
            } else {
                let cond = self.or_expr()?;
                self.expect("]")?;
                css.push_str(&cond);
            }
            first = false;
        }
        Ok(css)
    }

    fn node_test(&mut self) -> Result<String> {
        if self.eat("*") {
            return Ok("*".into());
        }
        match self.name() {
            Some(n) if n.contains(':') => refuse(format!("the namespaced name {n}")),
            Some(n) => Ok(n.to_ascii_lowercase()),
            None => refuse(format!(
                "expected an element name at {:?}",
                self.rest_preview()
            )),
        }
    }

    /// `a or b` as `:is(a, b)`.
    fn or_expr(&mut self) -> Result<String> {
        let mut parts = vec![self.and_expr()?];
        while self.eat_word("or") {
            parts.push(self.and_expr()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            format!(":is({})", parts.join(", "))
        })
    }

    /// `a and b` as `ab`.
    fn and_expr(&mut self) -> Result<String> {
        let mut out = self.condition()?;
        while self.eat_word("and") {
            out.push_str(&self.condition()?);
        }
        Ok(out)
    }

    /// One condition, as a compound selector that applies to the step's element.
    fn condition(&mut self) -> Result<String> {
        self.ws();
        if self.eat("(") {
            let inner = self.or_expr()?;
            self.expect(")")?;
            return Ok(format!(":is({inner})"));
        }
        if self.eat("@") {
            let attr = self.attr_name()?;
            if self.eat("!=") {
                return refuse("!= (it is false where the attribute is missing; :not() is not)");
            }
            if self.eat("=") {
                let v = self.literal()?;
                return Ok(attr_sel(&attr, "=", &v));
            }
            return Ok(format!("[{attr}]"));
        }
        if self.eat_word("not") {
            self.expect("(")?;
            let inner = self.or_expr()?;
            self.expect(")")?;
            return Ok(format!(":not({inner})"));
        }
        for (func, op) in [
            ("contains", "*="),
            ("starts-with", "^="),
            ("ends-with", "$="),
        ] {
            if self.eat_word(func) {
                self.expect("(")?;
                let (attr, words) = self.attr_argument()?;
                self.expect(",")?;
                let v = self.literal()?;
                self.expect(")")?;
                if words {
                    return match (op, v.trim()) {
                        ("*=", w)
                            if v.starts_with(' ')
                                && v.ends_with(' ')
                                && !w.is_empty()
                                && !w.contains(char::is_whitespace) =>
                        {
                            Ok(attr_sel(&attr, "~=", w))
                        }
                        _ => refuse("concat(normalize-space(…)) other than the ' x ' word test"),
                    };
                }
                if v.is_empty() {
                    return refuse(format!("{func}() with an empty string"));
                }
                return Ok(attr_sel(&attr, op, &v));
            }
        }
        if self.rest().starts_with("./") || self.rest().starts_with(".//") {
            self.eat(".");
            let sep = if self.eat("//") {
                Sep::Descendant
            } else {
                self.expect("/")?;
                Sep::Child
            };
            return self.has(sep);
        }
        if self.rest().starts_with("descendant::") {
            return self.has(Sep::Descendant);
        }
        if self.rest().starts_with("text()")
            || self.rest().starts_with('.')
            || self.rest().starts_with("string")
            || self.rest().starts_with("normalize-space(.")
            || self.rest().starts_with("normalize-space()")
        {
            return refuse("a condition on the element's text");
        }
        let save = self.i;
        if let Some(name) = self.name() {
            self.ws();
            if self.rest().starts_with('(') {
                return refuse(format!("the function {name}()"));
            }
            self.i = save;
            return self.has(Sep::Child);
        }
        refuse(format!("the condition {:?}", self.rest_preview()))
    }

    /// A relative path used as a condition: the element has such a descendant.
    fn has(&mut self, sep: Sep) -> Result<String> {
        let inner = self.location(Sep::Start)?;
        if inner.attribute.is_some() || inner.text {
            return refuse("a condition on an attribute or text of a descendant");
        }
        Ok(match sep {
            Sep::Child => format!(":has(> {})", inner.selector),
            _ => format!(":has({})", inner.selector),
        })
    }

    fn attr_name(&mut self) -> Result<String> {
        match self.name() {
            Some(n) if !n.contains(':') => Ok(n.to_ascii_lowercase()),
            _ => refuse(format!("bad attribute name at {:?}", self.rest_preview())),
        }
    }

    /// The first argument of contains(): `@attr`, or the word-test form
    /// `concat(' ', normalize-space(@attr), ' ')` (then `true`).
    fn attr_argument(&mut self) -> Result<(String, bool)> {
        if self.eat("@") {
            return Ok((self.attr_name()?, false));
        }
        if self.eat_word("concat") {
            self.expect("(")?;
            let a = self.literal()?;
            self.expect(",")?;
            if !self.eat_word("normalize-space") {
                return refuse("concat() other than the class word test");
            }
            self.expect("(")?;
            self.expect("@")?;
            let attr = self.attr_name()?;
            self.expect(")")?;
            self.expect(",")?;
            let b = self.literal()?;
            self.expect(")")?;
            if a != " " || b != " " {
                return refuse("concat() other than the class word test");
            }
            return Ok((attr, true));
        }
        if self.rest().starts_with("text()") || self.rest().starts_with('.') {
            return refuse("a condition on the element's text");
        }
        refuse(format!("contains() on {:?}", self.rest_preview()))
    }
}

/// `[attr op "value"]` with the value escaped for CSS.
fn attr_sel(attr: &str, op: &str, value: &str) -> String {
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    format!("[{attr}{op}\"{escaped}\"]")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn css(x: &str) -> String {
        let c = to_css(x).unwrap_or_else(|e| panic!("{x}: {e}"));
        scraper::Selector::parse(&c.selector)
            .unwrap_or_else(|e| panic!("{x} gave {:?}, which does not parse: {e}", c.selector));
        c.selector
    }

    fn refused(x: &str) -> String {
        match to_css(x) {
            Ok(c) => panic!("{x} should be refused, gave {:?}", c.selector),
            Err(e) => e.0,
        }
    }

    #[test]
    fn the_forms_the_configs_use() {
        assert_eq!(
            css("//div[@class='post-excerpt']"),
            "div[class=\"post-excerpt\"]"
        );
        assert_eq!(
            css("//div[contains(@class, 'entry-content')]"),
            "div[class*=\"entry-content\"]"
        );
        assert_eq!(
            css("//div[contains(concat(' ',normalize-space(@class),' '),' featured ')]/figure"),
            "div[class~=\"featured\"] > figure"
        );
        assert_eq!(css("//*[@id='leftcol']"), "*[id=\"leftcol\"]");
        assert_eq!(
            css("//main/div/article[1]"),
            "main > div > article:nth-of-type(1)"
        );
        assert_eq!(css("//aside | //address"), "aside, address");
        assert_eq!(
            css("//main[@id='main']//div[contains(@class, 'post-content')]"),
            "main[id=\"main\"] div[class*=\"post-content\"]"
        );
        assert_eq!(
            css("//article/descendant::div[contains(@class, 'entry-content')]"),
            "article div[class*=\"entry-content\"]"
        );
        assert_eq!(
            css("//div[starts-with(@id, 'news-id-')]"),
            "div[id^=\"news-id-\"]"
        );
        assert_eq!(
            css("//*[(@class = \"historia\")]"),
            "*:is([class=\"historia\"])"
        );
        assert_eq!(
            css("//div[@class='a' or @id='b']"),
            "div:is([class=\"a\"], [id=\"b\"])"
        );
        assert_eq!(
            css("//div[@class='a' and not(@id)]"),
            "div[class=\"a\"]:not([id])"
        );
        assert_eq!(css("/html/body/div"), "html:root > body > div");
        assert_eq!(css("//div[./p]"), "div:has(> p)");
        assert_eq!(css("//div[.//img]"), "div:has(img)");
        assert_eq!(
            css("//a[contains(@href, '/newsletter')]/parent::p"),
            "p:has(> a[href*=\"/newsletter\"])"
        );
        assert_eq!(css("//h2/following-sibling::ul"), "h2 ~ ul");
    }

    #[test]
    fn metadata_forms_say_what_they_select() {
        let c = to_css("//meta[@property='og:title']/@content").expect("translates");
        assert_eq!(c.selector, "meta[property=\"og:title\"]");
        assert_eq!(c.attribute.as_deref(), Some("content"));
        let c = to_css("(//h1)[1]").expect("translates");
        assert!(c.first_only);
        assert!(
            to_css("//span[@class='by']/text()")
                .expect("translates")
                .text
        );
    }

    #[test]
    fn what_has_no_exact_css_is_refused() {
        assert!(
            refused("//b[starts-with(text(), 'Lea también:')]/ancestor::p[1]").contains("text")
        );
        assert!(refused("//div[@class='x'][1]").contains("position after"));
        assert!(refused("//address/ancestor::div[1]").contains("ancestor"));
        assert!(refused("//p[preceding::hr]").contains("preceding"));
        assert!(refused("//div[@id != 'x']").contains("!="));
        assert!(refused("*[@data-print='ignore']").contains("relative"));
        assert!(refused("(//div)[2]").contains("n other than 1"));
        assert!(refused("//div[contains(., 'Anzeige')]").contains("text"));
    }

    #[test]
    fn quotes_in_values_are_escaped() {
        assert_eq!(
            css("//div[@title='say \"hi\"']"),
            "div[title=\"say \\\"hi\\\"\"]"
        );
    }
}
