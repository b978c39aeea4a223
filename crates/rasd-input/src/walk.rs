//! Folders: walked recursively, in sorted order, hidden entries skipped,
//! only files of the document formats kept.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::{InputError, Source};

/// Expands paths into sources: a folder becomes the files under it (see
/// [`walk`]), any other path stays as it is. A path that cannot be read
/// becomes an error naming it, in its place; the others go on.
pub fn expand(paths: &[PathBuf]) -> Vec<Result<Source, InputError>> {
    expand_with_skipped(paths).0
}

/// [`expand`], and the files the folder walks left out because their name
/// is not of a document format (to report them: a folder of `.csv` or
/// `.pdf` files reads as empty otherwise).
pub fn expand_with_skipped(paths: &[PathBuf]) -> (Vec<Result<Source, InputError>>, Vec<PathBuf>) {
    let mut out = Vec::with_capacity(paths.len());
    let mut skipped = Vec::new();
    for p in paths {
        match fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut out, &mut skipped),
            Ok(_) => out.push(Ok(Source::File(p.clone()))),
            Err(e) => out.push(Err(InputError::io(p.display().to_string(), &e))),
        }
    }
    (out, skipped)
}

/// Appends the files under the folder `root` to `out`, depth first, each
/// folder's entries sorted by name (bytes), so the order is the same on
/// every machine. Entries whose name starts with `.` are skipped (the root
/// itself is not: it was named). Symbolic links are followed, but a folder
/// already walked (by its canonical path) is not walked again, so a link
/// loop ends. Only regular files are kept (a FIFO or a device could block
/// the run), and of those only the document formats ([`DOCUMENT_EXTENSIONS`],
/// or one of them with `.gz`): a README, a licence or a spreadsheet beside
/// the articles is not an article. A file named on the command line is read
/// whatever its name. A folder or link that cannot be read becomes an error
/// in its place. The regular files left out for their name are added to
/// `skipped`.
pub(crate) fn walk(
    root: &Path,
    out: &mut Vec<Result<Source, InputError>>,
    skipped: &mut Vec<PathBuf>,
) {
    let mut seen = HashSet::new();
    walk_dir(root, &mut seen, out, skipped);
}

/// The extensions of the files a folder walk keeps (compared without case).
pub const DOCUMENT_EXTENSIONS: [&str; 7] =
    ["txt", "text", "jsonl", "ndjson", "html", "htm", "xhtml"];

/// Whether a walk keeps the file `name`: a document extension, possibly
/// followed by `.gz`.
fn is_document(name: &Path) -> bool {
    let ext = |p: &Path| {
        p.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
    };
    let name = match ext(name).as_deref() {
        Some("gz") => Path::new(name.file_stem().unwrap_or_default()),
        _ => name,
    };
    ext(name).is_some_and(|e| DOCUMENT_EXTENSIONS.contains(&e.as_str()))
}

fn walk_dir(
    dir: &Path,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<Result<Source, InputError>>,
    skipped: &mut Vec<PathBuf>,
) {
    let err = |p: &Path, e: &std::io::Error| Err(InputError::io(p.display().to_string(), e));
    match fs::canonicalize(dir) {
        Ok(c) => {
            if !seen.insert(c) {
                return;
            }
        }
        Err(e) => return out.push(err(dir, &e)),
    }
    let entries = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => return out.push(err(dir, &e)),
    };
    let mut names = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => {
                let name = entry.file_name();
                if !name.as_encoded_bytes().starts_with(b".") {
                    names.push(name);
                }
            }
            Err(e) => out.push(err(dir, &e)),
        }
    }
    names.sort_unstable();
    for name in names {
        let path = dir.join(name);
        // `metadata` follows links: a link to a folder is walked.
        match fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk_dir(&path, seen, out, skipped),
            Ok(m) if m.is_file() && is_document(&path) => out.push(Ok(Source::File(path))),
            Ok(m) if m.is_file() => skipped.push(path),
            Ok(_) => {}
            Err(e) => out.push(err(&path, &e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir()
            .join(format!("rasd-input-walk-{}", std::process::id()))
            .join(name);
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// The walk as strings relative to `root`, errors as `ERR <relative>`.
    fn listed(root: &Path, paths: &[PathBuf]) -> Vec<String> {
        expand(paths)
            .into_iter()
            .map(|r| match r {
                Ok(Source::File(p)) => p.strip_prefix(root).unwrap().display().to_string(),
                Ok(Source::Stdin) => "<stdin>".to_owned(),
                Err(e) => {
                    let loc = e.location().to_owned();
                    let rel = Path::new(&loc).strip_prefix(root).unwrap().display();
                    format!("ERR {rel}")
                }
            })
            .collect()
    }

    #[test]
    fn walks_in_sorted_order_skipping_hidden() {
        let root = tmp("sorted");
        let files = [
            "b.txt",
            "a.jsonl",
            "sub/z.html",
            "sub/deeper/m.txt.gz",
            "sub/a.txt",
            "10.txt",
            "2.txt",
            ".hidden.txt",
            ".git/config",
            "sub/.cache/x.txt",
            "README.md",
            "LICENSE",
            "sub/notes.csv",
            "sub/Page.HTM",
            "sub/archive.gz",
        ];
        for f in files {
            let p = root.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(&p, "نص").unwrap();
        }
        fs::create_dir_all(root.join("empty")).unwrap();
        let want = [
            "10.txt",
            "2.txt",
            "a.jsonl",
            "b.txt",
            "sub/Page.HTM",
            "sub/a.txt",
            "sub/deeper/m.txt.gz",
            "sub/z.html",
        ];
        assert_eq!(listed(&root, std::slice::from_ref(&root)), want);
        // The regular files left out for their name are reported, in walk
        // order; hidden ones are not.
        let (_, skipped) = expand_with_skipped(std::slice::from_ref(&root));
        let skipped: Vec<_> = skipped
            .iter()
            .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        assert_eq!(
            skipped,
            ["LICENSE", "README.md", "sub/archive.gz", "sub/notes.csv"]
        );
        // Named, a file of any name is read.
        assert_eq!(listed(&root, &[root.join("README.md")]), ["README.md"]);
        // A file and a missing path beside the folder keep their places.
        let paths = [
            root.join("b.txt"),
            root.join("missing.txt"),
            root.join("sub/deeper"),
        ];
        assert_eq!(
            listed(&root, &paths),
            ["b.txt", "ERR missing.txt", "sub/deeper/m.txt.gz"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_end() {
        use std::os::unix::fs::symlink;
        let root = tmp("loops");
        fs::create_dir_all(root.join("a/b")).unwrap();
        fs::write(root.join("a/b/doc.txt"), "نص").unwrap();
        symlink(root.join("a"), root.join("a/b/up")).unwrap(); // a loop
        symlink(root.join("a/b"), root.join("link-to-b")).unwrap(); // seen twice
        symlink(root.join("a/b/doc.txt"), root.join("c-link.txt")).unwrap();
        symlink(root.join("nowhere"), root.join("d-broken")).unwrap();
        symlink("self", root.join("self")).unwrap(); // a link to itself
        let got = listed(&root, std::slice::from_ref(&root));
        assert_eq!(
            got,
            ["a/b/doc.txt", "c-link.txt", "ERR d-broken", "ERR self"],
            "{got:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_folder_is_an_error_and_the_rest_goes_on() {
        use std::os::unix::fs::PermissionsExt;
        let root = tmp("unreadable");
        fs::create_dir_all(root.join("closed")).unwrap();
        fs::write(root.join("closed/x.txt"), "نص").unwrap();
        fs::write(root.join("open.txt"), "نص").unwrap();
        fs::set_permissions(root.join("closed"), fs::Permissions::from_mode(0o000)).unwrap();
        let readable = fs::read_dir(root.join("closed")).is_ok(); // root reads anything
        let got = listed(&root, std::slice::from_ref(&root));
        fs::set_permissions(root.join("closed"), fs::Permissions::from_mode(0o755)).unwrap();
        if readable {
            assert_eq!(got, ["closed/x.txt", "open.txt"]);
        } else {
            assert_eq!(got, ["ERR closed", "open.txt"]);
        }
    }
}
