//! A small seeded generator for ids, tokens and fault decisions.
//!
//! Written here rather than taken from `rand` on purpose: `--seed` must give the same
//! fault sequence in every release of the sandbox, and `rand` documents that its
//! seeded generators may change between versions. SplitMix64 is a few lines and its
//! output is fixed by its definition.

use std::sync::Mutex;

/// SplitMix64 behind a lock (requests draw from it concurrently).
#[derive(Debug)]
pub struct Rng(Mutex<u64>);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(Mutex::new(seed))
    }

    /// The next 64 random bits.
    pub fn next_u64(&self) -> u64 {
        let mut s = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *s;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in `[0, 1)`.
    pub fn unit(&self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An id of `len` characters from `[A-Za-z0-9_-]` (GO's id alphabet).
    pub fn id(&self, len: usize) -> String {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
        let mut out = String::with_capacity(len);
        let mut bits = 0u64;
        let mut left = 0;
        for _ in 0..len {
            if left == 0 {
                bits = self.next_u64();
                left = 10;
            }
            out.push(ALPHABET[(bits & 63) as usize] as char);
            bits >>= 6;
            left -= 1;
        }
        out
    }
}
