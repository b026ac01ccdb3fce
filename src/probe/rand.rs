//! Randomness for nonces, business IDs and hellos: the operating system's generator
//! (through ring, which rustls brings anyway).

use std::sync::atomic::{AtomicU64, Ordering};

use ring::rand::{SecureRandom, SystemRandom};
use sha2::{Digest, Sha256};

pub struct Random {
    system: SystemRandom,
    counter: AtomicU64,
}

impl Default for Random {
    fn default() -> Self {
        Random::new()
    }
}

impl Random {
    pub fn new() -> Random {
        Random {
            system: SystemRandom::new(),
            counter: AtomicU64::new(0),
        }
    }

    /// 32 random bytes. Should the system's generator ever fail, a hash of the time, the
    /// process and a counter stands in: these values are nonces, never keys.
    pub fn bytes32(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        if self.system.fill(&mut out).is_err() {
            let n = self.counter.fetch_add(1, Ordering::Relaxed);
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            let mut h = Sha256::new();
            h.update(n.to_le_bytes());
            h.update(now.to_le_bytes());
            h.update(std::process::id().to_le_bytes());
            out.copy_from_slice(&h.finalize());
        }
        out
    }

    /// A nonce as KooGallery sends it: 64 upper-case hexadecimal characters.
    pub fn nonce(&self) -> String {
        hex_upper(&self.bytes32())
    }

    /// A UUID version 4, lower-case (`businessId`).
    pub fn uuid_v4(&self) -> String {
        let b = self.bytes32();
        let mut u = [0u8; 16];
        u.copy_from_slice(&b[..16]);
        u[6] = (u[6] & 0x0f) | 0x40;
        u[8] = (u[8] & 0x3f) | 0x80;
        let h = hex_lower(&u);
        format!(
            "{}-{}-{}-{}-{}",
            &h[0..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        )
    }
}

pub fn hex_lower(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

pub fn hex_upper(bytes: &[u8]) -> String {
    hex_lower(bytes).to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonce_and_uuid_shapes() {
        let r = Random::new();
        let n = r.nonce();
        assert_eq!(n.len(), 64);
        assert!(
            n.bytes()
                .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
        );
        assert_ne!(n, r.nonce());
        let u = r.uuid_v4();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!("89ab".contains(&u[19..20]));
    }
}
