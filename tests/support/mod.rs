//! A small HTTP/1.1 server on 127.0.0.1 for the fetcher's tests: fixed routes, replies chosen per
//! hit, and a log of every request it received (path, headers, arrival time), so tests can assert
//! what a site operator would see.

#![allow(dead_code)]

pub mod observer;

use http_body_util::Full;
use hyper::body::Bytes;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Path and query.
    pub path: String,
    /// When it arrived.
    pub at: Instant,
    /// Its headers, names lowercase.
    pub headers: HashMap<String, String>,
}

/// What to answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before answering (a stalling server).
    pub delay: Duration,
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }
    pub fn html(body: impl Into<Vec<u8>>) -> Reply {
        Reply::new(200, "text/html; charset=utf-8", body)
    }
    pub fn status(status: u16) -> Reply {
        Reply::new(status, "text/plain", format!("status {status}"))
    }
    pub fn redirect(to: &str) -> Reply {
        Reply::status(302).header("location", to)
    }
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }
    pub fn after(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

/// A route's answer to its `n`-th hit (from 0).
pub type Route = Box<dyn Fn(usize, &Hit) -> Reply + Send + Sync>;

/// A route that always answers the same.
pub fn always(reply: Reply) -> Route {
    Box::new(move |_, _| reply.clone())
}

/// A running server; it lives until the test process ends.
pub struct Server {
    pub port: u16,
    hits: Arc<Mutex<Vec<Hit>>>,
}

impl Server {
    /// Starts a server answering `routes` (exact path and query); anything else is a 404.
    pub fn start(routes: Vec<(&str, Route)>) -> Server {
        let routes: HashMap<String, Route> = routes
            .into_iter()
            .map(|(p, r)| (p.to_string(), r))
            .collect();
        let routes = Arc::new(routes);
        let hits = Arc::new(Mutex::new(Vec::<Hit>::new()));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("nonblocking");
        let port = listener.local_addr().expect("local addr").port();
        let log = hits.clone();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("test server runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    let routes = routes.clone();
                    let log = log.clone();
                    tokio::spawn(async move {
                        let service = hyper::service::service_fn(move |req| {
                            let routes = routes.clone();
                            let log = log.clone();
                            async move {
                                Ok::<_, std::convert::Infallible>(answer(req, &routes, &log).await)
                            }
                        });
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                            .await;
                    });
                }
            });
        });
        Server { port, hits }
    }

    /// The URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Every request received for `path`, in arrival order.
    pub fn hits(&self, path: &str) -> Vec<Hit> {
        self.hits
            .lock()
            .expect("hit log")
            .iter()
            .filter(|h| h.path == path)
            .cloned()
            .collect()
    }

    /// Every request received.
    pub fn all_hits(&self) -> Vec<Hit> {
        self.hits.lock().expect("hit log").clone()
    }
}

async fn answer(
    req: hyper::Request<hyper::body::Incoming>,
    routes: &HashMap<String, Route>,
    log: &Mutex<Vec<Hit>>,
) -> hyper::Response<Full<Bytes>> {
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let hit = Hit {
        path: path.clone(),
        at: Instant::now(),
        headers: req
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
            .collect(),
    };
    let n = {
        let mut log = log.lock().expect("hit log");
        let n = log.iter().filter(|h| h.path == path).count();
        log.push(hit.clone());
        n
    };
    let reply = match routes.get(&path) {
        Some(route) => route(n, &hit),
        None => Reply::status(404),
    };
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut resp = hyper::Response::builder().status(reply.status);
    for (k, v) in &reply.headers {
        resp = resp.header(k, v);
    }
    resp.body(Full::new(Bytes::from(reply.body)))
        .expect("valid test response")
}
