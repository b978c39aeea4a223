//! Memory hints for the large tables that every stage reads at random, one
//! lookup a word: asking the processor for a slot ahead of its use, and
//! backing a table with huge pages.

/// Asks the processor for the cache line of `p`: a hint, which never
/// faults, so that a lookup a few words later finds its slot in cache.
#[inline]
pub fn prefetch_ptr(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint that never faults, whatever the address.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(p.cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Asks the processor for the cache line where `x` starts.
#[inline]
pub fn prefetch_read<T>(x: &T) {
    prefetch_ptr((x as *const T).cast::<u8>());
}

/// Asks the system to back `buf` with 2 MiB pages (Linux transparent huge
/// pages, `madvise`), where it covers whole ones.
///
/// For the large tables read at random, one lookup a word (the tagger's
/// weights, the word caches, the event lexicon's keys): with 4 KiB pages
/// nearly every lookup also misses the processor's address translation
/// cache. Pages touched before the call stay small, so a table is advised
/// as soon as it is allocated: zeroed memory fresh from the system is not
/// touched until written, and [`huge_table`] advises before it fills. A
/// hint only: where the kernel has no transparent huge pages, or they are
/// off, nothing changes.
pub fn advise_huge_pages<T>(buf: &[T]) {
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        let start = buf.as_ptr() as usize;
        let end = start + std::mem::size_of_val(buf);
        let (a, b) = (start.next_multiple_of(HUGE), end / HUGE * HUGE);
        if b > a {
            // SAFETY: the range lies inside `buf`, memory this process owns;
            // MADV_HUGEPAGE changes neither its contents nor its mapping,
            // and an error (no THP in the kernel) leaves it as it was.
            unsafe { libc::madvise(a as *mut libc::c_void, b - a, libc::MADV_HUGEPAGE) };
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = buf;
}

/// A table of `n` copies of `fill`, advised onto huge pages
/// ([`advise_huge_pages`]) before it is filled.
pub fn huge_table<T: Clone>(n: usize, fill: T) -> Box<[T]> {
    let mut v: Vec<T> = Vec::with_capacity(n);
    advise_huge_pages(v.spare_capacity_mut());
    v.resize(n, fill);
    v.into_boxed_slice()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_table_holds_its_fill() {
        // 5 MiB: at least one whole 2 MiB page inside, whatever the start.
        let t = huge_table(5 << 18, 7u32);
        assert_eq!(t.len(), 5 << 18);
        assert!(t.iter().all(|&x| x == 7));
        advise_huge_pages(&t[..0]); // no whole page: nothing to do
        prefetch_read(&t[12]);
    }
}
