"""Hostile input: what an attacker or an unlucky user can send — full disks, damaged and foreign
databases, malformed or huge feeds, odd TVmaze answers, files that are not what they claim,
control characters. Each module covers one source; extend them when a new source arrives."""
