"""The province run of issue 7 (`make bench`): `manage.py bench_province` on a throwaway PostgreSQL.

It starts the cluster of tests/run_suites.py (`postgres_cluster()`), creates the database,
migrates it and runs bench_province on it with the production settings, its figures streamed
as they come (`name: value`, one per line; progress on stderr). The cluster and the temporary
folder are removed whatever happens, Ctrl-C and SIGTERM too. Without the PostgreSQL binaries
it says so and exits 0. Arguments go to bench_province, e.g. `--cells 400 --committees 4`.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_suites import PG_BIN, ROOT, postgres_cluster  # noqa: E402 - tests/ is not a package path here

DATABASE = "cell05"


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def manage(env: dict, *args: str) -> None:
    """Run a manage.py command with its output streamed; stopped if this run is interrupted."""
    process = subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env)
    try:
        code = process.wait()
    except KeyboardInterrupt:
        process.terminate()
        process.wait()
        raise
    if code != 0:
        raise RuntimeError(f"manage.py {args[0]} failed with exit code {code}")


def main() -> int:
    if not (PG_BIN / "initdb").exists():
        print(
            f"province_run: skipped: the PostgreSQL binaries are not in {PG_BIN} "
            "(apt-get install postgresql-15)"
        )
        return 0
    signal.signal(signal.SIGTERM, _interrupt)
    folder = Path(tempfile.mkdtemp(prefix="cell05-province-"))
    try:
        with postgres_cluster() as url:
            socket_folder = parse_qs(urlsplit(url).query)["host"][0]
            subprocess.run(
                [str(PG_BIN / "createdb"), "-h", socket_folder, "-U", "cell05", DATABASE], check=True
            )
            env = {
                **os.environ,
                "DATABASE_URL": url,
                "DJANGO_SECRET_KEY": "bench-only",
                "DJANGO_DEBUG": "false",
                "DJANGO_SECURE_SSL_REDIRECT": "false",
                "DJANGO_STATIC_ROOT": str(folder / "static"),
                "DJANGO_MEDIA_ROOT": str(folder / "media"),
                "DJANGO_LOG_LEVEL": "WARNING",
            }
            manage(env, "collectstatic", "--noinput", "--verbosity", "0")
            manage(env, "migrate", "--noinput", "--verbosity", "0")
            manage(env, "bench_province", f"--scratch={DATABASE}", *sys.argv[1:])
        return 0
    except KeyboardInterrupt:
        print("province run: interrupted; the cluster and the temporary folder are removed.", file=sys.stderr)
        return 130
    except (RuntimeError, subprocess.CalledProcessError) as error:
        print(f"province run: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
