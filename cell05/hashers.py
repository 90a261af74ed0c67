"""How passwords are kept: Argon2id, the hasher Django recommends, at the cost OWASP gives
as its first choice (19 MiB of memory, 2 passes, one lane).

Argon2id makes a guessing machine pay in memory as well as time, which PBKDF2 does not. Its
cost is chosen for the machines cell05 runs on: a 2-core server signs in a member in a few
tens of milliseconds with one core, so that 50 members signing in at once wait about a second
between them, and 2 sync workers hashing at once use under 40 MiB. Django's own default (100 MiB,
8 lanes) takes several times longer on such a machine, and PBKDF2 with a million rounds took
the load run's sign-in burst to 12 s.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
