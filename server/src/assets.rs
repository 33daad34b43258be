//! Static assets: the WebAssembly bundle, its JavaScript and the stylesheet are compressed
//! once, at the best ratio (brotli 11, gzip 9), into `.br` / `.gz` files beside them, and
//! served precompressed when the browser accepts it. On-the-fly compression would send the
//! bundle at a much lower ratio (brotli's fast levels), every time.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `.br` and `.gz` next to each file in `dir` whose compressed copies are missing or
/// older than it. Runs at start-up, off the async workers.
pub fn precompress(dir: &Path) -> std::io::Result<usize> {
    let mut written = 0;
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(0);
    };
    for entry in entries {
        let path = entry?.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "wasm" | "js" | "css") {
            continue;
        }
        let modified = fs::metadata(&path)?.modified()?;
        let fresh = |p: &PathBuf| {
            fs::metadata(p)
                .and_then(|m| m.modified())
                .map(|m| m >= modified)
                .unwrap_or(false)
        };
        let data = fs::read(&path)?;
        let br = with_suffix(&path, "br");
        if !fresh(&br) {
            let mut out = Vec::new();
            {
                let mut w = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
                w.write_all(&data)?;
            }
            write_atomically(&br, &out)?;
            written += 1;
        }
        let gz = with_suffix(&path, "gz");
        if !fresh(&gz) {
            let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            w.write_all(&data)?;
            write_atomically(&gz, &w.finish()?)?;
            written += 1;
        }
    }
    Ok(written)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".");
    s.push(suffix);
    PathBuf::from(s)
}

/// A reader never sees a half-written file: write beside, then rename.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = with_suffix(path, "tmp");
    fs::write(&tmp, bytes)?;
    fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_copies_are_written_once_and_decompress_to_the_original() {
        let dir = tempfile::tempdir().unwrap();
        let original = "body { color: red; } ".repeat(200);
        fs::write(dir.path().join("site.css"), &original).unwrap();
        fs::write(dir.path().join("notes.txt"), "not an asset").unwrap();
        assert_eq!(precompress(dir.path()).unwrap(), 2);
        assert_eq!(precompress(dir.path()).unwrap(), 0, "fresh copies are kept");
        let br = fs::read(dir.path().join("site.css.br")).unwrap();
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).unwrap();
        assert_eq!(back, original.as_bytes());
        assert!(br.len() < original.len() / 10);
        assert!(!dir.path().join("notes.txt.br").exists());
    }
}
