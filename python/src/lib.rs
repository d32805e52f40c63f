//! unboil for Python: the library's pipeline (extraction, the cleaner chain, site rules) behind a
//! small extension module, `unboil._native`. `unboil/__init__.py` is the API users import; it
//! turns the records this module returns (the JSON lines `unboil clean --format jsonl` writes)
//! into dicts.
//!
//! The work runs with the GIL released ([`Python::detach`]): threads of one Python process clean in
//! parallel, and a Spark or datatrove worker's other threads keep running.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::path::PathBuf;
use unboil::config::{Config, Format};
use unboil::extract::ExtractError;
use unboil::pipeline::Pipeline;
use unboil::raw_page::{Origin, RawPage};
use unboil::sink::render::render;

/// A page body as Python hands it over: text, or bytes whose charset unboil works out.
#[derive(FromPyObject)]
enum Body {
    Text(String),
    Bytes(Vec<u8>),
}

impl Body {
    fn into_bytes(self) -> Vec<u8> {
        match self {
            Body::Text(s) => s.into_bytes(),
            Body::Bytes(b) => b,
        }
    }
}

/// A configured pipeline, built once (rules parsed, patterns compiled) and used for many pages.
#[pyclass(frozen, module = "unboil._native")]
struct Cleaner {
    pipeline: Pipeline,
}

#[pymethods]
impl Cleaner {
    /// `config`: a config.toml (its `[extract]`, `[clean]` and rule files); without one, the
    /// built-in chain and the `rules/` folder of the current directory, as `unboil clean` uses.
    /// `site`: treat pages without a URL as coming from this site, so its rules apply.
    #[new]
    #[pyo3(signature = (config = None, site = None))]
    fn new(config: Option<PathBuf>, site: Option<String>) -> PyResult<Self> {
        let config = match &config {
            Some(path) => Config::load(path),
            None => Config::builtin(),
        }
        .map_err(|problems| PyValueError::new_err(problems.to_string()))?;
        if let Some(words) = &config.vocabulary {
            unboil::extract::html::vocabulary::install(words.clone())
                .map_err(|e| PyValueError::new_err(e.to_string()))?;
        }
        let pipeline = Pipeline::from_config(&config)
            .map_err(|e| PyValueError::new_err(e.to_string()))?
            .with_site(site);
        Ok(Cleaner { pipeline })
    }

    /// Cleans one page and returns its JSON record (the line `unboil clean --format jsonl` writes
    /// for it), or `None` when the page holds no article
    /// (an index page, a login wall, nothing left after cleaning). `html` false treats the body
    /// as a text dump (one block per line).
    #[pyo3(signature = (body, url = None, id = None, source = None, html = true))]
    fn clean_record(
        &self,
        py: Python<'_>,
        body: Body,
        url: Option<String>,
        id: Option<String>,
        source: Option<String>,
        html: bool,
    ) -> Option<String> {
        // Text from Python is UTF-8; bytes say their charset themselves (BOM, header, <meta>) or
        // have it detected.
        let charset = matches!(body, Body::Text(_)).then_some("; charset=utf-8");
        let body = body.into_bytes();
        py.detach(move || {
            let id = id
                .or_else(|| url.clone())
                .unwrap_or_else(|| "python".into());
            let source = source.unwrap_or_else(|| id.clone());
            let mut page = RawPage::new(id, Origin::File(PathBuf::from(source)), body);
            page.url = url;
            let kind = if html { "text/html" } else { "text/plain" };
            page.content_type = Some(format!("{kind}{}", charset.unwrap_or("")));
            match self.pipeline.clean_page(&page) {
                Ok(cleaned) => {
                    let line = render(&cleaned.doc, &cleaned.trail, Format::Jsonl, false);
                    Some(line.trim_end().to_string())
                }
                Err(ExtractError::NoArticle { .. }) => None,
            }
        })
    }
}

/// The extension module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Cleaner>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
