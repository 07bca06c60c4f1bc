//! The simulation's one source of randomness: SplitMix64, seeded by the cluster config.

use crate::output::write_hex;

/// Alphabet of generated name suffixes (apimachinery `util/rand`, spec §1.1): no vowels.
pub const NAME_ALPHABET: &[u8; 27] = b"bcdfghjklmnpqrstvwxz2456789";

#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self {
            state: seed ^ 0x9E37_79B9_7F4A_7C15,
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform integer in `0..n` (n > 0), by rejection so there is no modulo bias.
    pub fn below(&mut self, n: u64) -> u64 {
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let v = self.next_u64();
            if v < zone {
                return v % n;
            }
        }
    }

    /// `n` characters from the name alphabet, as `generateName` appends them.
    pub fn name_suffix(&mut self, n: usize) -> String {
        let mut s = String::with_capacity(n);
        self.push_name_suffix(&mut s, n);
        s
    }

    /// [`Rng::name_suffix`] appended to `s` (the same draws), so that a generated name is built
    /// in one allocation: every pod a ReplicaSet creates takes one.
    pub fn push_name_suffix(&mut self, s: &mut String, n: usize) {
        for _ in 0..n {
            s.push(char::from(NAME_ALPHABET[self.below(27) as usize]));
        }
    }

    /// A random (version 4 layout) UUID string.
    pub fn uuid(&mut self) -> String {
        self.uuid_draw().to_uid()
    }

    /// The random bits of a UUID, formatted only if it is used (an Event the correlator holds
    /// back still draws its UUID, so that later random names stay as they were).
    pub fn uuid_draw(&mut self) -> UuidDraw {
        UuidDraw(self.next_u64(), self.next_u64())
    }
}

/// The two random words of a UUID ([`Rng::uuid_draw`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UuidDraw(u64, u64);

impl UuidDraw {
    /// The UUID as a string, built directly rather than through `Display` (every Event and pod
    /// takes one, and the formatting machinery cost more than writing the digits).
    pub fn to_uid(self) -> String {
        let UuidDraw(a, b) = self;
        let mut uid = *b"00000000-0000-0000-0000-000000000000";
        // 8-4-4-4-12, the third group led by the version (4), the fourth by the variant (10xx).
        write_hex(&mut uid[..8], a >> 32);
        write_hex(&mut uid[9..13], a >> 16);
        write_hex(&mut uid[14..18], 0x4000 | (a & 0x0fff));
        write_hex(
            &mut uid[19..23],
            ((8 + (b >> 62)) << 12) | ((b >> 48) & 0x0fff),
        );
        write_hex(&mut uid[24..], b);
        String::from_utf8(uid.to_vec()).unwrap_or_default()
    }
}

impl std::fmt::Display for UuidDraw {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_uid())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_draws() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(a.name_suffix(5), b.name_suffix(5));
        assert_eq!(a.uuid(), b.uuid());
    }

    #[test]
    fn suffix_uses_only_the_safe_alphabet() {
        let mut r = Rng::new(1);
        let s = r.name_suffix(1000);
        assert!(s.bytes().all(|c| NAME_ALPHABET.contains(&c)));
        let distinct: std::collections::BTreeSet<char> = s.chars().collect();
        assert_eq!(distinct.len(), 27);
    }

    #[test]
    fn uuid_has_the_canonical_shape() {
        let u = Rng::new(3).uuid();
        let parts: Vec<&str> = u.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            vec![8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('4'));
    }

    /// The draws of seed 9, as every session and golden transcript before this writer named them.
    #[test]
    fn uids_of_a_seed_are_stable() {
        let mut r = Rng::new(9);
        let uids: Vec<String> = (0..3).map(|_| r.uuid_draw().to_uid()).collect();
        assert_eq!(
            uids,
            [
                "044c3cd7-f43c-461c-b698-4080bab12a02",
                "953aeb70-673e-49cb-93d3-3b666a1e21da",
                "3fdabe86-cbbe-4a11-97cb-c4a133c2d0f6"
            ]
        );
    }
}
