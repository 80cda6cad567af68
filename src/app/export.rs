//! The summary line of `dossier export`.

use super::thousands;
use crate::export::{ExportOptions, ExportReport};

/// `exported 100,000 documents (312.4 MB in 32 files) to /tmp/qw for quickwit in 9.1 s
/// (10,989 documents/s, 34.3 MB/s)`, and with `--since-last` what changed.
pub(super) fn export_summary(o: &ExportOptions, r: &ExportReport) -> String {
    let secs = r.elapsed.as_secs_f64().max(1e-6);
    let mb = r.bytes as f64 / 1e6;
    let mut line = format!(
        "exported {} documents ({mb:.1} MB in {} files) to {} for {} in {secs:.1} s ({} documents/s, {:.1} MB/s)",
        thousands(r.written),
        r.files.len(),
        o.dir.display(),
        o.target.name(),
        thousands((r.matched as f64 / secs) as usize),
        mb / secs
    );
    if o.since_last {
        if r.first {
            line.push_str(&format!(
                "; no earlier export to {} `{}`: everything was written",
                o.target.name(),
                o.name
            ));
        } else {
            line.push_str(&format!(
                "; since the last export: {} added, {} changed, {} deleted, {} unchanged",
                thousands(r.added),
                thousands(r.changed),
                thousands(r.deleted),
                thousands(r.matched - r.written)
            ));
        }
        // The cursor moved with this export: these files are the only record of the changes.
        line.push_str(
            "\nthe cursor has moved: ingest these files before the next --since-last export to this folder replaces them",
        );
    }
    line
}
