"""CPU-bound report helpers, kept free of I/O so they can be tested alone."""

from __future__ import annotations

import hashlib
import math


def primes_up_to(limit: int) -> list[int]:
    """Return every prime <= limit by trial division.

    Deliberately trial division rather than a sieve: this endpoint exists to
    burn real CPU time proportional to ``limit`` (roughly n*sqrt(n)/log n),
    which is what a capacity test or a CPU-based autoscaler needs to see.
    """
    found: list[int] = []
    for n in range(2, limit + 1):
        root = math.isqrt(n)
        for p in found:
            if p > root:
                found.append(n)
                break
            if n % p == 0:
                break
        else:
            found.append(n)
    return found


def hash_chain(seed: str, rounds: int) -> str:
    """SHA-256 the seed ``rounds`` times; used to simulate rendering work."""
    digest = seed.encode()
    for _ in range(rounds):
        digest = hashlib.sha256(digest).digest()
    return digest.hex()
