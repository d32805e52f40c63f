//! The HTTP client behind a small trait of ours, so that reqwest can be swapped (or faked) without
//! touching the politeness, retry and page logic.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;
use url::Url;

/// A boxed future, as trait objects need (no `async fn` in `dyn` traits on stable).
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends GET requests. One per fetch run, shared by every task.
pub(crate) trait Transport: Send + Sync + 'static {
    /// Sends a GET for `url` with the extra `headers`, without following redirects, and returns
    /// once the response headers are in; the body is read with [`Response::next_chunk`].
    fn get<'a>(
        &'a self,
        url: &'a Url,
        headers: &'a [(&'static str, String)],
    ) -> BoxFuture<'a, Result<Box<dyn Response>, TransportError>>;
}

/// A response whose body has not been read yet.
pub(crate) trait Response: Send {
    /// The status code.
    fn status(&self) -> u16;
    /// The URL after redirects.
    fn url(&self) -> &Url;
    /// A header's value, if present and valid text.
    fn header(&self, name: &str) -> Option<&str>;
    /// The body length the server announced, when it is the length of what will be read (not for
    /// compressed bodies, which are decoded on the fly).
    fn content_length(&self) -> Option<u64>;
    /// The next piece of the (decoded) body, or `None` at its end.
    fn next_chunk(&mut self) -> BoxFuture<'_, Result<Option<Vec<u8>>, TransportError>>;
}

/// Why a request failed below the HTTP level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TransportError {
    /// The total timeout fired (the server accepted the connection but was too slow).
    Timeout,
    /// No connection within the connect timeout.
    ConnectTimeout,
    /// No connection could be made (DNS, refused, TLS).
    Connect(String),
    /// The connection broke or the body could not be decoded while reading.
    Body(String),
    /// Anything else.
    Other(String),
}

/// The reqwest-backed transport: rustls, gzip/brotli/deflate decoding.
pub(crate) struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A client with the given identity and timeouts. It follows no redirects itself: the
    /// fetcher follows them hop by hop, so that each hop obeys its own host's robots.txt and
    /// limits.
    pub(crate) fn new(
        user_agent: &str,
        connect_timeout: Duration,
        timeout: Duration,
    ) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .user_agent(user_agent)
            .connect_timeout(connect_timeout)
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .gzip(true)
            .brotli(true)
            .deflate(true)
            .build()
            .map_err(|e| chain(&e))?;
        Ok(ReqwestTransport { client })
    }
}

impl Transport for ReqwestTransport {
    fn get<'a>(
        &'a self,
        url: &'a Url,
        headers: &'a [(&'static str, String)],
    ) -> BoxFuture<'a, Result<Box<dyn Response>, TransportError>> {
        Box::pin(async move {
            let mut req = self.client.get(url.clone());
            for (name, value) in headers {
                req = req.header(*name, value);
            }
            let resp = req.send().await.map_err(classify)?;
            Ok(Box::new(ReqwestResponse(resp)) as Box<dyn Response>)
        })
    }
}

struct ReqwestResponse(reqwest::Response);

impl Response for ReqwestResponse {
    fn status(&self) -> u16 {
        self.0.status().as_u16()
    }

    fn url(&self) -> &Url {
        self.0.url()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.0.headers().get(name)?.to_str().ok()
    }

    fn content_length(&self) -> Option<u64> {
        self.0.content_length()
    }

    fn next_chunk(&mut self) -> BoxFuture<'_, Result<Option<Vec<u8>>, TransportError>> {
        Box::pin(async move {
            match self.0.chunk().await {
                Ok(chunk) => Ok(chunk.map(|b| b.to_vec())),
                Err(e) => Err(classify(e)),
            }
        })
    }
}

/// Sorts a reqwest error into what the retry logic and the user need to know.
fn classify(e: reqwest::Error) -> TransportError {
    if e.is_connect() && e.is_timeout() {
        TransportError::ConnectTimeout
    } else if e.is_timeout() {
        TransportError::Timeout
    } else if e.is_connect() {
        TransportError::Connect(chain(&e))
    } else if e.is_body() || e.is_decode() {
        TransportError::Body(chain(&e))
    } else {
        TransportError::Other(chain(&e))
    }
}

/// An error and its causes on one line, without reqwest's repetition of the URL (the caller's
/// message already names it).
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if parts.last() != Some(&text) {
            parts.push(text);
        }
        source = s.source();
    }
    let joined = parts.join(": ");
    match joined.find(" for url (") {
        Some(start) => match joined[start..].find(')') {
            Some(end) => format!("{}{}", &joined[..start], &joined[start + end + 1..]),
            None => joined,
        },
        None => joined,
    }
}
