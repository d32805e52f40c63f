//! Gzipped dumps, inflated by zlib-rs: a stream of gzip members (a WARC.gz holds one per record),
//! read one after the other as one stream of bytes.
//!
//! Why not `flate2::read::MultiGzDecoder`: on its zlib-rs backend, a read that decodes some
//! bytes and then meets a corrupt or truncated stream returns the error alone, and the bytes
//! decoded in the same call are lost (on a gzipped JSONL dump, up to a read buffer of lines
//! before the damage). Here the bytes decoded before the error are handed out first and the
//! error comes with the next read. zlib-rs itself, over miniz_oxide (flate2's default), because
//! inflating is the one thing the thread reading a WARC.gz cannot hand to the workers (where a
//! member ends is known only once it is inflated): on 20 MB of AEB pages as WARC.gz, that thread
//! ran 237 M instructions against miniz_oxide's 323 M.

use flate2::{Decompress, FlushDecompress, Status};
use std::io::{self, BufRead, Read};

/// The window size gzip members are written with (the largest deflate allows).
const WINDOW_BITS: u8 = 15;

/// Reads the concatenated gzip members of `inner` as one stream.
pub(crate) struct GzipMembers<R> {
    inner: R,
    inflate: Decompress,
    /// An error met after bytes were decoded in the same call, for the next read.
    deferred: Option<io::Error>,
    /// The member being read is done; what follows is another member or the end.
    between: bool,
    /// The stream ended or failed: every further read gives `Ok(0)` or the failure again.
    done: bool,
}

impl<R: BufRead> GzipMembers<R> {
    /// A reader of the gzip stream `inner`.
    pub(crate) fn new(inner: R) -> Self {
        GzipMembers {
            inner,
            inflate: Decompress::new_gzip(WINDOW_BITS),
            deferred: None,
            between: false,
            done: false,
        }
    }

    fn corrupt(what: &str) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, what.to_string())
    }
}

impl<R: BufRead> Read for GzipMembers<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(e) = self.deferred.take() {
            self.done = true;
            return Err(e);
        }
        if self.done || buf.is_empty() {
            return Ok(0);
        }
        let mut written = 0;
        while written == 0 {
            let input = self.inner.fill_buf()?;
            if self.between {
                if input.is_empty() {
                    self.done = true;
                    return Ok(0);
                }
                // Another member follows: a fresh state, since a gzip decoder's reset turns it
                // into a raw one.
                self.inflate = Decompress::new_gzip(WINDOW_BITS);
                self.between = false;
            }
            let at_end = input.is_empty();
            let (in_before, out_before) = (self.inflate.total_in(), self.inflate.total_out());
            let status = self
                .inflate
                .decompress(input, &mut buf[written..], FlushDecompress::None);
            let used = (self.inflate.total_in() - in_before) as usize;
            let made = (self.inflate.total_out() - out_before) as usize;
            self.inner.consume(used);
            written += made;
            let failure = match status {
                Ok(Status::StreamEnd) => {
                    self.between = true;
                    None
                }
                Ok(_) if at_end && made == 0 => Some(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the gzip stream ends inside a member (truncated?)",
                )),
                Ok(_) if used == 0 && made == 0 => {
                    Some(Self::corrupt("the gzip stream stopped making progress"))
                }
                Ok(_) => None,
                Err(e) => Some(Self::corrupt(&format!("corrupt gzip stream: {e}"))),
            };
            if let Some(e) = failure {
                if written > 0 {
                    self.deferred = Some(e);
                    return Ok(written);
                }
                self.done = true;
                return Err(e);
            }
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(data).expect("write");
        gz.finish().expect("gzip")
    }

    /// Everything `bytes` holds as a gzip stream read through `GzipMembers` with a small read
    /// buffer, and the error it ended with.
    fn read_all(bytes: &[u8]) -> (Vec<u8>, Option<io::Error>) {
        let mut reader = GzipMembers::new(io::BufReader::with_capacity(64, bytes));
        let mut out = Vec::new();
        let mut buf = [0u8; 100];
        loop {
            match reader.read(&mut buf) {
                Ok(0) => return (out, None),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => return (out, Some(e)),
            }
        }
    }

    fn text(n: usize) -> Vec<u8> {
        (0..n)
            .map(|i| format!("line {i} of the dump\n"))
            .collect::<String>()
            .into_bytes()
    }

    #[test]
    fn members_one_after_another_read_as_one_stream() {
        let (a, b) = (text(300), text(50));
        let mut bytes = gzip(&a);
        bytes.extend(gzip(&b));
        bytes.extend(gzip(b""));
        let (out, error) = read_all(&bytes);
        assert!(error.is_none(), "{error:?}");
        assert_eq!(out, [a, b].concat());
    }

    #[test]
    fn a_truncated_member_gives_the_bytes_before_the_cut_then_one_error() {
        let data = text(2000);
        let bytes = gzip(&data);
        let (out, error) = read_all(&bytes[..bytes.len() / 2]);
        let error = error.expect("an error at the cut");
        assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);
        assert!(out.len() > data.len() / 4, "only {} bytes", out.len());
        assert!(data.starts_with(&out));
    }

    #[test]
    fn garbage_in_a_member_gives_the_bytes_decoded_before_it_then_one_error() {
        let data = text(2000);
        let mut bytes = gzip(&data);
        let half = bytes.len() / 2;
        bytes.truncate(half);
        bytes.extend_from_slice(&[0xff; 64]);
        let mut reader = GzipMembers::new(io::BufReader::new(&bytes[..]));
        // One large read: the bytes decoded before the damage come first, in this call.
        let mut buf = vec![0u8; data.len()];
        let n = reader.read(&mut buf).expect("the bytes before the damage");
        // What the garbage itself decodes to (deflate takes most bytes for data) may follow.
        let sound = data.len() / 4;
        assert!(n > sound, "only {n} bytes");
        assert_eq!(buf[..sound], data[..sound]);
        let mut rest = Vec::new();
        assert!(reader.read_to_end(&mut rest).is_err());
        assert_eq!(
            reader.read(&mut buf).expect("ended"),
            0,
            "one error, then the end"
        );
    }

    #[test]
    fn bytes_after_the_last_member_that_are_no_gzip_are_an_error() {
        let data = text(100);
        let mut bytes = gzip(&data);
        bytes.extend_from_slice(b"not gzip at all");
        let (out, error) = read_all(&bytes);
        assert_eq!(out, data);
        assert!(error.is_some());
    }

    #[test]
    fn a_damaged_checksum_is_an_error() {
        let data = text(100);
        let mut bytes = gzip(&data);
        let crc_at = bytes.len() - 8;
        bytes[crc_at] ^= 0xff;
        let (_, error) = read_all(&bytes);
        assert!(error.is_some());
    }
}
