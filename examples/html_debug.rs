//! Prints the raw blocks of one page with their values, to see why a block was kept or dropped.
//!
//! cargo run --release --example html_debug -- page.html

fn main() -> std::io::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_default();
    let body = std::fs::read(&path)?;
    let text = String::from_utf8_lossy(&body);
    print!("{}", unboil::extract::html::debug_dump(&text));
    Ok(())
}
