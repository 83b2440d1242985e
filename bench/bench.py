#!/usr/bin/env python3
"""Jixiao benchmark harness (issue 6). Run through bench/run.sh, which installs the tools and
builds what is missing; see bench/README.md for what each step measures and why.

Starts a private platform (launcher, JIXIAO_HOME=bench/target/home, its own ports, no sample
district), loads preconditions by SQL or API, measures through the real APIs with real Keycloak
tokens, repeats every measurement 3 times, prints one table of medians and ratios and writes
docs/performance.md.
"""
import argparse
import concurrent.futures
import contextlib
import datetime
import glob
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the checkout whose packaged services and launcher are benchmarked (default: this one)
SVC = Path(os.environ.get("BENCH_SERVICES_ROOT", ROOT)).resolve()
BENCH = ROOT / "bench"
OUT = BENCH / "target"
# BENCH_PORT_OFFSET shifts every port (and the home) so that a second harness can run beside a first
OFFSET = int(os.environ.get("BENCH_PORT_OFFSET", "0"))
HOME = OUT / ("home" if OFFSET == 0 else f"home-{OFFSET}")
WORK = OUT / ("work" if OFFSET == 0 else f"work-{OFFSET}")
LUA = BENCH / "lua"
HOST = "127.0.0.1"
PORTS = {k: v + OFFSET for k, v in dict(pg=25432, keycloak=28180, submission=28081, scoring=28082, reporting=28083, bare=28090,
                                         extra=28091).items()}
KC = f"http://{HOST}:{PORTS['keycloak']}"
SUB = f"http://{HOST}:{PORTS['submission']}"
SCO = f"http://{HOST}:{PORTS['scoring']}"
REP = f"http://{HOST}:{PORTS['reporting']}"
BARE = f"http://{HOST}:{PORTS['bare']}"
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
JVM_FLAGS = ["-Xmx384m", "-XX:+UseSerialGC"]
FISCAL_YEAR = 2024
IMPORT_YEAR = 2031
REPEATS = 3


class Sizes:
    """Durations and sizes; --smoke shrinks every one so the whole run takes a couple of minutes."""

    def __init__(self, smoke):
        self.smoke = smoke
        self.repeats = 1 if smoke else 3
        self.warmup = 2 if smoke else 8
        # a warm-up repeats its load (warmup seconds each) until the JIT compilers' share of the
        # JVM's CPU falls below this, or until warmup_max seconds have passed
        self.jit_steady = 0.05
        self.warmup_max = 2 if smoke else 120
        self.run = 2 if smoke else 12
        self.report_warmup = 1
        self.report_run = 1 if smoke else 5
        self.get_rows = 50 if smoke else 1000
        self.submit_batch = 20 if smoke else 1000
        self.district = [2, 20, 200] if smoke else [20, 200, 2000]   # departments x 10 years = 20 / 200 / 2,000 evaluations in smoke
        self.import_departments = 20 if smoke else 2000
        self.heaps = ["384m"] if smoke else ["128m", "256m", "384m"]
        self.profile_seconds = 3 if smoke else 12
        self.jmh = (["-f", "1", "-wi", "1", "-w", "1s", "-i", "1", "-r", "1s"] if smoke
                    else ["-f", "3", "-wi", "3", "-w", "2s", "-i", "5", "-r", "2s"])


def log(msg):
    print(f"[bench {datetime.datetime.now():%H:%M:%S}] {msg}", flush=True)


class StepFailed(Exception):
    pass


# --- HTTP and tokens -----------------------------------------------------------------------------

def call(method, url, token=None, body=None, headers=None, timeout=60, expect=None):
    data = None
    h = dict(headers or {})
    if token:
        h["Authorization"] = "Bearer " + token
    if body is not None:
        data = body if isinstance(body, (bytes, str)) else json.dumps(body)
        data = data.encode() if isinstance(data, str) else data
        h.setdefault("Content-Type", "application/json")
    req = urllib.request.Request(url, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            status, text, rh = r.status, r.read().decode(), dict(r.headers)
    except urllib.error.HTTPError as e:
        status, text, rh = e.code, e.read().decode(errors="replace"), dict(e.headers)
    if expect is not None and status not in (expect if isinstance(expect, (list, tuple)) else [expect]):
        raise StepFailed(f"{method} {url} answered {status}: {text[:500]}")
    return status, text, rh


def token_password(user, password):
    form = urllib.parse.urlencode(dict(grant_type="password", client_id="jixiao-portal", username=user, password=password))
    _, text, _ = call("POST", f"{KC}/realms/jixiao/protocol/openid-connect/token", body=form.encode(),
                      headers={"Content-Type": "application/x-www-form-urlencoded"}, expect=200)
    return json.loads(text)["access_token"]


def token_client(client, secret):
    form = urllib.parse.urlencode(dict(grant_type="client_credentials", client_id=client, client_secret=secret))
    _, text, _ = call("POST", f"{KC}/realms/jixiao/protocol/openid-connect/token", body=form.encode(),
                      headers={"Content-Type": "application/x-www-form-urlencoded"}, expect=200)
    return json.loads(text)["access_token"]


def filer():
    return token_password("filer-bench", "jixiao-filer-bench")


FILERS = 8  # filers of departments BENCH1..BENCH8, created by the harness in its private Keycloak


def create_filers():
    form = urllib.parse.urlencode(dict(grant_type="password", client_id="admin-cli", username="admin",
                                       password=os.environ.get("JIXIAO_KEYCLOAK_ADMIN_PASSWORD", "admin")))
    _, text, _ = call("POST", f"{KC}/realms/master/protocol/openid-connect/token", body=form.encode(),
                      headers={"Content-Type": "application/x-www-form-urlencoded"}, expect=200)
    kc = json.loads(text)["access_token"]
    _, role, _ = call("GET", f"{KC}/admin/realms/jixiao/roles/filer", kc, expect=200)
    for i in range(1, FILERS + 1):
        user = {"username": f"filer-bench-{i}", "enabled": True, "emailVerified": True, "email": f"filer-bench-{i}@jixiao.example",
                "firstName": "基准", "lastName": f"测试{i}", "attributes": {"department": [f"BENCH{i}"]},
                "credentials": [{"type": "password", "value": "jixiao-filer-bench", "temporary": False}]}
        status, _, h = call("POST", f"{KC}/admin/realms/jixiao/users", kc, user, expect=(201, 409))
        if status == 201:
            uid = (h.get("Location") or h.get("location")).rsplit("/", 1)[1]
            call("POST", f"{KC}/admin/realms/jixiao/users/{uid}/role-mappings/realm", kc, [json.loads(role)], expect=204)


def filer_tokens():
    """A tokens file for create_many.lua: one "<department> <token>" line per filer."""
    path = WORK / "filer-tokens.txt"
    path.write_text("".join(f"BENCH{i} {token_password(f'filer-bench-{i}', 'jixiao-filer-bench')}\n" for i in range(1, FILERS + 1)))
    return path


def admin():
    return token_password("admin", "jixiao-admin")


def viewer():
    return token_password("viewer", "jixiao-viewer")


# --- SQL -----------------------------------------------------------------------------------------

def psql(sql, capture=True):
    env = dict(os.environ, PGPASSWORD="postgres")
    r = subprocess.run([str(PG_BIN / "psql"), "-h", HOST, "-p", str(PORTS["pg"]), "-U", "postgres", "-d", "jixiao",
                        "-v", "ON_ERROR_STOP=1", "-qAtX", "-c", sql], env=env, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise StepFailed(f"psql failed: {r.stderr.strip()[:800]}\nSQL: {sql[:300]}")
    return r.stdout.strip()


def scalar(sql):
    out = psql(sql)
    return out.splitlines()[-1] if out else ""


# --- processes -----------------------------------------------------------------------------------

def pid_listening(port):
    out = subprocess.run(["ss", "-Hltnp", f"sport = :{port}"], capture_output=True, text=True).stdout
    m = re.search(r"pid=(\d+)", out)
    return int(m.group(1)) if m else None


def rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


CLK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid, threads_named=None):
    """CPU seconds (user + system) of a process, or of its threads whose name starts with one of threads_named."""
    def ticks(stat):
        f = stat.rsplit(")", 1)[1].split()
        return int(f[11]) + int(f[12])
    try:
        if threads_named is None:
            return ticks(open(f"/proc/{pid}/stat").read()) / CLK
        total = 0
        for d in glob.glob(f"/proc/{pid}/task/*"):
            try:
                if open(d + "/comm").read().startswith(threads_named):
                    total += ticks(open(d + "/stat").read())
            except OSError:
                pass  # a thread that ended meanwhile
        return total / CLK
    except OSError:
        return 0.0


JIT_THREADS = ("C1 CompilerThre", "C2 CompilerThre")
SERVICES = ("submission", "scoring", "reporting")


def cpu_by_process():
    """CPU seconds so far of each service's JVM, of the PostgreSQL backends serving each service's
    connections (told apart by the client port each JVM holds), of PostgreSQL's own processes and of
    this harness. A backend's CPU is as much the service's as the JVM's: on two shared cores they
    are one budget."""
    owner = {pid_listening(PORTS[k]): k for k in SERVICES}
    out = subprocess.run(["ss", "-tnpH", "state", "established", f"( dport = :{PORTS['pg']} )"],
                         capture_output=True, text=True).stdout
    by_port = {}
    for line in out.splitlines():
        cols, m = line.split(), re.search(r"pid=(\d+)", line)
        if m and len(cols) >= 3:
            by_port[int(cols[2].rsplit(":", 1)[1])] = owner.get(int(m.group(1)), "harness")
    backends = {}
    for line in psql("SELECT pid, coalesce(client_port, -1) FROM pg_stat_activity").splitlines():
        pid, port = (int(x) for x in line.split("|"))
        backends[pid] = "PostgreSQL (its own processes)" if port < 0 else by_port.get(port, "harness") + (
            " (PostgreSQL)" if port in by_port and by_port[port] != "harness" else "")
    snap = {pid: (who, cpu_seconds(pid)) for pid, who in backends.items()}
    for k, pid in ((k, pid_listening(PORTS[k])) for k in SERVICES):
        snap[pid] = (k + " (JVM)", cpu_seconds(pid))
    snap[os.getpid()] = ("harness", cpu_seconds(os.getpid()))
    return snap


def cpu_spent(before, after):
    """CPU seconds between two cpu_by_process snapshots, summed by owner; a backend that ended meanwhile is not counted."""
    spent = Counter()
    for pid, (who, secs) in after.items():
        spent[who] += secs - before.get(pid, (who, 0.0))[1]
    return {k: round(v, 2) for k, v in sorted(spent.items())}


def wait_http(url, token=None, timeout=180, ok=(200,), proc=None, interval=0.02):
    """Polls until url answers one of ok; returns seconds waited."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if proc is not None and proc.poll() is not None:
            raise StepFailed(f"process for {url} exited with {proc.returncode}")
        try:
            h = {"Authorization": "Bearer " + token} if token else {}
            with urllib.request.urlopen(urllib.request.Request(url, headers=h), timeout=5) as r:
                if r.status in ok:
                    return time.monotonic() - t0
        except urllib.error.HTTPError as e:
            if e.code in ok:
                return time.monotonic() - t0
        except OSError:
            pass
        time.sleep(interval)
    raise StepFailed(f"{url} did not answer in {timeout} s")


class Java:
    """A JVM this harness started itself (bare app, an extra service instance, a restarted service)."""

    def __init__(self, name, cmd, env, port):
        self.name, self.cmd, self.env, self.port = name, cmd, env, port
        self.logfile = open(HOME / "logs" / f"{name}.log", "ab")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.logfile, stderr=subprocess.STDOUT, cwd=str(ROOT))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.logfile.close()


def service_env(name, port):
    env = dict(os.environ)
    env.update(DB_URL=f"jdbc:postgresql://{HOST}:{PORTS['pg']}/jixiao", DB_USER="postgres", DB_PASSWORD="postgres",
               OIDC_URL=f"{KC}/realms/jixiao", OIDC_CLIENT_ID=name, OIDC_CLIENT_SECRET=name.split("-")[0] + "-secret",
               SUBMISSION_URL=SUB, SCORING_URL=SCO, REPORTING_URL=REP, HTTP_HOST=HOST, PORT=str(port), CORS_ORIGINS="",
               MANAGEMENT_PORT=str(port + 1000))
    return env


def start_bare(port, heap="384m", extra=()):
    env = service_env("submission-service", port)
    jar = BENCH / "bare-app/target/quarkus-app/quarkus-run.jar"
    return Java(f"bare-app-{port}", ["java", f"-Xmx{heap}", "-XX:+UseSerialGC", *extra, "-jar", str(jar)], env, port)


def start_service_copy(name, port, heap="384m", extra=()):
    env = service_env(name, port)
    jar = SVC / name / "target/quarkus-app/quarkus-run.jar"
    return Java(f"{name}-{port}", ["java", f"-Xmx{heap}", "-XX:+UseSerialGC", *extra, "-jar", str(jar)], env, port)


class Platform:
    """The launcher (deploy/launcher) with a separate JIXIAO_HOME and ports; SIGTERM stops all it started."""

    def __init__(self):
        self.proc = None

    def start(self):
        for d in ["pgdata", "run.ready"]:
            p = HOME / d
            if p.is_dir():
                shutil.rmtree(p)
            elif p.exists():
                p.unlink()
        for h2 in HOME.glob("keycloak-*/data/h2"):
            shutil.rmtree(h2)
        (HOME / "logs").mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, JIXIAO_HOME=str(HOME), JIXIAO_NO_SAMPLE="1",
                   JIXIAO_PG_PORT=str(PORTS["pg"]), JIXIAO_KEYCLOAK_PORT=str(PORTS["keycloak"]),
                   JIXIAO_SUBMISSION_PORT=str(PORTS["submission"]), JIXIAO_SCORING_PORT=str(PORTS["scoring"]),
                   JIXIAO_REPORTING_PORT=str(PORTS["reporting"]))
        cp = f"{SVC}/deploy/launcher/target/classes:{SVC}/deploy/launcher/target/lib/*"
        self.log = open(HOME / "logs" / "launcher.log", "ab")
        self.proc = subprocess.Popen(["java", f"-Djixiao.root={SVC}", f"-Djixiao.home={HOME}", "-cp", cp,
                                      "cn.jixiao.launcher.Platform"], env=env, stdout=self.log, stderr=subprocess.STDOUT)
        t0 = time.monotonic()
        while not (HOME / "run.ready").exists():
            if self.proc.poll() is not None:
                raise StepFailed(f"launcher exited with {self.proc.returncode}; see {HOME}/logs/launcher.log")
            if time.monotonic() - t0 > 600:
                raise StepFailed("platform not ready in 600 s")
            time.sleep(1)
        log(f"platform up in {time.monotonic() - t0:.0f} s")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(90)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if self.proc:
            self.log.close()


# --- wrk, pgbench, profiles ----------------------------------------------------------------------

def wrk(url, script, args, connections, seconds, token, threads=2, timeout_s=10):
    cmd = ["wrk", "-t", str(min(threads, connections)), "-c", str(connections), "-d", f"{seconds}s",
           "--timeout", f"{timeout_s}s", "-H", f"Authorization: Bearer {token}", "-s", str(LUA / script), url, "--"] + [str(a) for a in args]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    m = re.search(r"BENCH_RESULT (\{.*\})", r.stdout)
    if r.returncode != 0 or not m:
        raise StepFailed(f"wrk failed ({r.returncode}): {r.stdout[-800:]} {r.stderr[-800:]}")
    res = json.loads(m.group(1))
    if res["requests"] == 0:
        raise StepFailed(f"wrk made no request against {url}")
    return res


def check_errors(res, what, limit=0.01):
    bad = res["non2xx"] + res["socket_errors"]
    if bad > limit * max(res["requests"], 1):
        raise StepFailed(f"{what}: {bad} of {res['requests']} requests failed")


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def jfr_profile(pid, seconds, load, name):
    """Runs load() while JFR samples the JVM; returns a summary of where the samples fell."""
    path = WORK / f"{name}.jfr"
    if path.exists():
        path.unlink()
    subprocess.run(["jcmd", str(pid), "JFR.start", f"name={name}", "settings=profile", f"filename={path}"],
                   capture_output=True, text=True, timeout=60)
    sampler = DbSampler()
    sampler.start()
    try:
        load()
    finally:
        sampler.stop()
        subprocess.run(["jcmd", str(pid), "JFR.stop", f"name={name}"], capture_output=True, text=True, timeout=120)
    summary = summarize_jfr(path)
    if summary is not None:
        summary["db"] = sampler.summary()
    return summary


class DbSampler(threading.Thread):
    """Samples pg_stat_activity 5 times a second: how many backends were busy, and on what they waited."""

    SQL = ("SELECT state || ' / ' || coalesce(wait_event_type || ':' || wait_event, 'on CPU') FROM pg_stat_activity "
           "WHERE backend_type = 'client backend' AND datname = 'jixiao' AND pid <> pg_backend_pid() AND state <> 'idle'")

    def __init__(self):
        super().__init__(daemon=True)
        self.halt = threading.Event()
        self.counts = Counter()
        self.samples = 0

    def run(self):
        deadline = time.monotonic() + 900
        while not self.halt.is_set() and time.monotonic() < deadline:
            try:
                rows = [line for line in psql(self.SQL).splitlines() if line]
                self.counts.update(rows)
                self.samples += 1
            except Exception:
                pass
            self.halt.wait(0.2)

    def stop(self):
        self.halt.set()
        self.join(10)

    def summary(self):
        if not self.samples:
            return None
        return dict(samples=self.samples, busy_backends=round(sum(self.counts.values()) / self.samples, 2),
                    waits=[(k, round(v / self.samples, 2)) for k, v in self.counts.most_common(8)])


def summarize_jfr(path, top=12):
    if not path.exists():
        return None
    r = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", str(path)],
                       capture_output=True, text=True, timeout=300)
    samples = re.split(r"\njdk\.ExecutionSample", r.stdout)
    leaf, inclusive, app = Counter(), Counter(), Counter()
    total = 0
    for s in samples:
        frames = re.findall(r"^\s+([\w$.<>/]+)\(.*?line:", s, re.M)
        if not frames:
            continue
        total += 1
        leaf[frames[0]] += 1
        seen = set()
        for f in frames:
            method = f
            if method not in seen:
                seen.add(method)
                inclusive[method] += 1
        own = next((f for f in frames if f.startswith("cn.jixiao.")), None)
        if own:
            app[own] += 1
        buckets = set()
        for f in frames:
            for key, prefix in BUCKETS:
                if f.startswith(prefix):
                    buckets.add(key)
        for b in buckets:
            inclusive["[area] " + b] += 1
    if total == 0:
        return None
    pct = lambda c: round(100.0 * c / total, 1)
    areas = sorted(((k[7:], pct(v)) for k, v in inclusive.items() if k.startswith("[area] ")), key=lambda x: -x[1])
    return dict(samples=total,
                self_top=[(m, pct(c)) for m, c in leaf.most_common(top)],
                app_top=[(m, pct(c)) for m, c in app.most_common(top)],
                areas=areas)


def start_steps(path):
    """The main thread's samples from JVM start to the first answer, by the Quarkus startup step
    (a recorder generated at build time) on their stack: samples, and first-to-last sample in ms."""
    if not path.exists():
        return None
    r = subprocess.run(["jfr", "print", "--json", "--stack-depth", "512", "--events", "jdk.ExecutionSample", str(path)],
                       capture_output=True, text=True, timeout=300)
    events = json.loads(r.stdout)["recording"]["events"] if r.returncode == 0 and r.stdout.strip() else []
    steps, first, last, total = {}, None, None, 0
    for e in events:
        v = e["values"]
        if (v.get("sampledThread") or {}).get("javaName") != "main":
            continue
        at = datetime.datetime.fromisoformat(v["startTime"][:26].rstrip("Z"))
        first, last, total = min(first or at, at), max(last or at, at), total + 1
        types = [f["method"]["type"]["name"] for f in (v.get("stackTrace") or {}).get("frames", [])]
        recorded = [t for t in types if t.startswith(("io/quarkus/runner/recorded/", "io/quarkus/deployment/steps/"))]
        # the outermost recorder: a step's own work and what it calls
        name = (recorded[-1].rsplit("/", 1)[1].split("$")[0] if recorded
                else "(between steps: boot, config, class loading)" if types else "(no stack)")
        st = steps.setdefault(name, dict(samples=0, first=at, last=at))
        st["samples"] += 1
        st["first"], st["last"] = min(st["first"], at), max(st["last"], at)
    if not total:
        return None
    ms = lambda a, b: round((b - a).total_seconds() * 1000)
    return dict(main_samples=total, main_span_ms=ms(first, last),
                steps=sorted(([k, x["samples"], ms(x["first"], x["last"])] for k, x in steps.items()), key=lambda x: (-x[1], x[0])))


BUCKETS = [
    ("JSON (Jackson)", "com.fasterxml.jackson."),
    ("token check (OIDC, JWT, jose4j)", "io.quarkus.oidc."),
    ("token check (OIDC, JWT, jose4j)", "org.jose4j."),
    ("token check (OIDC, JWT, jose4j)", "io.smallrye.jwt."),
    ("Hibernate ORM", "org.hibernate."),
    ("JDBC driver", "org.postgresql."),
    ("connection pool (Agroal)", "io.agroal."),
    ("transactions (Narayana)", "com.arjuna."),
    ("Bean Validation", "org.hibernate.validator."),
    ("EvalEx formulas", "com.ezylang.evalex."),
    ("BigInteger (RSA token signature, long BigDecimals)", "java.math.BigInteger"),
    ("BigInteger (RSA token signature, long BigDecimals)", "java.math.MutableBigInteger"),
    ("BigDecimal arithmetic", "java.math.BigDecimal"),
    ("SHA-256", "sun.security.provider.SHA"),
    ("HTTP server (Vert.x, Netty)", "io.netty."),
    ("HTTP server (Vert.x, Netty)", "io.vertx."),
    ("REST layer (RESTEasy Reactive)", "org.jboss.resteasy.reactive."),
    ("metrics (Micrometer)", "io.micrometer."),
    ("logging", "org.jboss.logmanager."),
    ("regex", "java.util.regex."),
    ("GC / VM", "java.lang.ref."),
    ("Flyway", "org.flywaydb."),
    ("class loading", "java.lang.ClassLoader."),
    ("class loading", "io.quarkus.bootstrap.runner."),
    ("CDI (ArC: interceptors, contexts)", "io.quarkus.arc."),
    ("configuration (SmallRye Config)", "io.smallrye.config."),
    ("Quarkus application start", "io.quarkus.runtime.Application."),
    ("Quarkus application start", "io.quarkus.runner.ApplicationImpl."),
]


# --- the harness ---------------------------------------------------------------------------------

class Harness:

    def __init__(self, sizes):
        self.s = sizes
        self.results = {}
        self.profiles = {}
        self.notes = []
        self.failures = []
        self.own = []          # JVMs this harness started, stopped at the end
        self.platform = Platform()
        self.cycle_base = None
        self.frozen = None
        self.rate_per_thread = 600.0
        self.warmups = []      # what each warm-up took (warm_up)

    # preconditions ---------------------------------------------------------------------------

    def content_template(self):
        text = (ROOT / "submission-service/src/test/resources/filing-valid.json").read_text()
        content = json.loads(text.replace('"D001-0', '"BENCH-0'))
        report = json.loads((BENCH / "data/report-text.json").read_text())
        content["report"] = {k: v for k, v in report.items() if not k.startswith("_")}
        return content

    def setup(self):
        tok = admin()
        call("POST", f"{SUB}/api/v1/departments", tok, {"code": "BENCH", "name": "基准测试部门", "group": "基准",
             "subUnits": [{"code": "BENCH-01", "name": "局机关"}, {"code": "BENCH-02", "name": "二级机构"}]}, expect=201)
        _, text, _ = call("POST", f"{SUB}/api/v1/cycles", tok, {"name": f"{FISCAL_YEAR}年度基准测试", "fiscalYear": FISCAL_YEAR,
                          "deadline": "2099-12-31T23:59:59+08:00", "rubricCode": "department-overall", "rubricVersion": 1}, expect=201)
        self.cycle0 = json.loads(text)["id"]
        for i in range(1, FILERS + 1):
            call("POST", f"{SUB}/api/v1/departments", tok, {"code": f"BENCH{i}", "name": f"基准测试部门{i}", "group": "基准",
                 "subUnits": [{"code": "BENCH-01", "name": "局机关"}, {"code": "BENCH-02", "name": "二级机构"}]}, expect=201)
        create_filers()
        content = self.content_template()
        self.create_body = json.dumps({"cycleId": 0, "content": content}, ensure_ascii=False)
        (WORK / "create.json").write_text(self.create_body.replace('"cycleId": 0', '"cycleId": %CYCLE%'), encoding="utf-8")
        (WORK / "doc.json").write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
        self.body_bytes = len(self.create_body.encode())
        # the template filing, created and checked through the API; its stored content is copied by SQL for drafts
        ftok = filer()
        _, text, h = call("POST", f"{SUB}/api/v1/filings", ftok, self.create_body.replace('"cycleId": 0', f'"cycleId": {self.cycle0}'), expect=201)
        self.template_id = json.loads(text)["id"]
        _, text, _ = call("GET", f"{SUB}/api/v1/filings/{self.template_id}/validation", ftok, expect=200)
        if not json.loads(text).get("valid"):
            raise StepFailed(f"the benchmark filing does not validate: {text[:600]}")
        psql("CREATE SCHEMA IF NOT EXISTS bench; "
             "CREATE TABLE IF NOT EXISTS bench.doc (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), doc jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now()); "
             "CREATE TABLE IF NOT EXISTS bench.finance_row (department_code varchar(32), sub_unit_code varchar(32), income jsonb, expenditure jsonb, three_public jsonb, fixed_assets jsonb)")
        log(f"setup: department BENCH, cycle {self.cycle0}, template filing {self.template_id}, create body {self.body_bytes} bytes")

    def new_cycles(self, n):
        """n more cycles like the first (SQL): a filer of BENCH may create one filing in each. Returns the first id."""
        out = psql(f"WITH c AS (INSERT INTO submission.evaluation_cycle (name, fiscal_year, deadline, rubric_code, rubric_version, indicator_points, created_by) "
                   f"SELECT name || ' #' || g, fiscal_year, deadline, rubric_code, rubric_version, indicator_points, 'bench' "
                   f"FROM submission.evaluation_cycle, generate_series(1, {n}) g WHERE id = {self.cycle0} RETURNING id) SELECT min(id), max(id), count(*) FROM c")
        lo, hi, cnt = (int(x) for x in out.splitlines()[-1].split("|"))
        if hi - lo + 1 != cnt:
            raise StepFailed("cycle ids are not contiguous")
        return lo

    def new_drafts(self, n):
        """n DRAFT filings of BENCH (SQL copies of the template, each in a fresh cycle); returns [(id, etag)]."""
        first = self.new_cycles(n)
        out = psql(f"INSERT INTO submission.filing (id, department_code, cycle_id, fiscal_year, status, revision, content, content_sha256, "
                   f"created_at, created_by, updated_at, version) "
                   f"SELECT gen_random_uuid(), department_code, {first} + g - 1, fiscal_year, 'DRAFT', 1, content, content_sha256, now(), created_by, now(), 0 "
                   f"FROM submission.filing, generate_series(1, {n}) g WHERE id = '{self.template_id}' RETURNING id, version")
        return [(line.split("|")[0], f'"{line.split("|")[1]}"') for line in out.splitlines() if "|" in line]

    def warm_up(self, what, pids, load, longest=None):
        """Runs load(seconds) until the JIT compilers of every JVM in pids took under jit_steady of
        its CPU during one round, or warmup_max seconds (longest, when given) have passed. A fixed
        short warm-up measured JVMs that were still compiling: in a 12-s create run the compilers
        took a third of submission-service's CPU until about 45 s of load (docs/performance.md)."""
        limit = self.s.warmup_max if longest is None or self.s.smoke else longest
        t0 = time.monotonic()
        rounds, shares = 0, {}
        while True:
            before = {p: (cpu_seconds(p, JIT_THREADS), cpu_seconds(p)) for p in pids if p}
            load(self.s.warmup)
            rounds += 1
            shares = {}
            for p, (jit0, all0) in before.items():
                used = cpu_seconds(p) - all0
                shares[p] = (cpu_seconds(p, JIT_THREADS) - jit0) / used if used > 0 else 0.0
            share = max(shares.values(), default=0.0)
            if share < self.s.jit_steady or time.monotonic() - t0 >= limit:
                break
        took = time.monotonic() - t0
        self.warmups.append(dict(what=what, seconds=round(took, 1), rounds=rounds, jit_share=round(share, 3),
                                 steady=share < self.s.jit_steady, limit=limit))
        log(f"warm-up {what}: {rounds} rounds, {took:.0f} s, JIT compilers {100 * share:.1f}% of CPU in the last round")

    # 1: GET ----------------------------------------------------------------------------------

    def step_get(self):
        drafts = self.new_drafts(self.s.get_rows)
        ids = WORK / "filing-ids.txt"
        ids.write_text("\n".join(d for d, _ in drafts) + "\n")
        psql(f"INSERT INTO bare.bare_row (id, doc, created_at) SELECT id, content, now() FROM submission.filing "
             f"WHERE id IN (SELECT id FROM submission.filing WHERE department_code = 'BENCH' AND id <> '{self.template_id}' LIMIT {self.s.get_rows})")
        bare_ids = WORK / "bare-ids.txt"
        bare_ids.write_text(psql("SELECT id FROM bare.bare_row") + "\n")
        targets = {"service": (SUB, ids, "/api/v1/filings/"), "bare": (BARE, bare_ids, "/bare/rows/")}
        runs = {k: [] for k in targets}
        tok = filer()
        pids = {"service": pid_listening(PORTS["submission"]), "bare": pid_listening(PORTS["bare"])}
        for k, (base, f, prefix) in targets.items():
            self.warm_up(f"1 GET {k}", [pids[k]], lambda secs: wrk(base, "get.lua", [f, prefix], 16, secs, tok))
        for i in range(self.s.repeats):
            for k, (base, f, prefix) in targets.items():
                res = wrk(base, "get.lua", [f, prefix], 16, self.s.run, tok)
                check_errors(res, f"GET {k}")
                runs[k].append(res)
                log(f"1 GET {k} run {i + 1}: {res['rps']:.0f} req/s p99 {res['p99_ms']:.1f} ms")
        self.results["get"] = runs
        svc, bare = self.med(runs["service"], "rps"), self.med(runs["bare"], "rps")
        if svc < 0.6 * bare or self.med(runs["service"], "p99_ms") > 3 * self.med(runs["bare"], "p99_ms"):
            self.profile_wrk("get", PORTS["submission"], SUB, "get.lua", [ids, "/api/v1/filings/"], 16)

    def med(self, runs, key):
        return median([r[key] for r in runs])

    def profile_wrk(self, name, port, base, script, args, conns, token=None):
        pid = pid_listening(port)
        if not pid:
            return
        tok = token or filer()
        self.profiles[name] = jfr_profile(pid, self.s.profile_seconds,
                                          lambda: wrk(base, script, args, conns, self.s.profile_seconds, tok), name)

    # 2: create, create + submit --------------------------------------------------------------

    def pgbench_insert(self, seconds):
        doc = (WORK / "doc.json").read_text(encoding="utf-8").replace("'", "''")
        script = WORK / "insert-doc.sql"
        script.write_text(f"INSERT INTO bench.doc (doc) VALUES ('{doc}'::jsonb);\n", encoding="utf-8")
        env = dict(os.environ, PGPASSWORD="postgres")
        r = subprocess.run([str(PG_BIN / "pgbench"), "-h", HOST, "-p", str(PORTS["pg"]), "-U", "postgres", "-n", "-c", "8", "-j", "2",
                            "-M", "prepared", "-T", str(seconds), "-f", str(script), "jixiao"], env=env, capture_output=True, text=True,
                           timeout=seconds + 120)
        m = re.search(r"tps = ([\d.]+) \(without initial", r.stdout)
        lat = re.search(r"latency average = ([\d.]+) ms", r.stdout)
        if r.returncode != 0 or not m:
            raise StepFailed(f"pgbench failed: {r.stdout[-500:]} {r.stderr[-500:]}")
        return dict(rps=float(m.group(1)), mean_ms=float(lat.group(1)) if lat else None)

    def step_create(self):
        tmpl = WORK / "create.json"
        per_thread = self.per_thread
        runs = {"pgbench": [], "bare": [], "create": [], "create_one": [], "create_submit": [], "create_submit_one": []}

        def one_filer(script, secs):
            n = per_thread(secs)
            first = self.new_cycles(2 * n)
            target = SUB + "/api/v1/filings" if script == "post.lua" else SUB
            return self.seen(wrk(target, script, [tmpl, first, n], 8, secs, filer()))

        def many_filers(secs, submit=False):
            n = per_thread(secs)
            first = self.new_cycles(n)
            args = [tmpl, first, filer_tokens(), 2] + (["submit"] if submit else [])
            return self.seen(wrk(SUB, "create_many.lua", args, 8, secs, filer()))

        def bare_run(secs):
            return wrk(BARE + "/bare/rows", "post.lua", [tmpl, 1, 1], 8, secs, filer())

        sub, bare = pid_listening(PORTS["submission"]), pid_listening(PORTS["bare"])
        self.warm_up("2 create", [sub], many_filers)
        one_filer("post.lua", self.s.warmup)
        self.warm_up("2 bare POST", [bare], bare_run)
        self.pgbench_insert(self.s.warmup)
        with self.autovacuum_paused():
            self.measure_creates(runs, many_filers, one_filer, bare_run)
        pg = self.med(runs["pgbench"], "rps")
        if self.med(runs["create"], "rps") < 0.35 * pg:
            self.profiles["create"] = self.profile_load("create", PORTS["submission"], lambda: many_filers(self.s.profile_seconds))
        # create + submit runs far more code than create alone; its C2 backlog took over 120 s
        self.warm_up("2 create + submit", [sub], lambda secs: many_filers(secs, submit=True), longest=360)
        self.skip_outbox()
        with self.autovacuum_paused():
            self.measure_create_submits(runs, many_filers, one_filer)
        if self.med(runs["create_submit"], "pairs_per_s") < 0.2 * pg:
            self.profiles["create_submit"] = self.profile_load("create_submit", PORTS["submission"],
                                                               lambda: many_filers(self.s.profile_seconds, submit=True))
            self.skip_outbox()
        self.results["create"] = runs
        self.quiesce()

    @contextlib.contextmanager
    def autovacuum_paused(self):
        """Step 2's runs each fill a table with thousands of 8-KB documents, and autovacuum then
        vacuums it for about 25 s, starting up to a minute later: into whichever run comes next
        (seen for bench.doc after pgbench runs, docs/performance.md); step 4's warm-up and runs
        write tens of thousands of filings, evaluations and messages the same way. So that no run
        pays for the table another one filled, autovacuum is off while they run, and everything
        written before and during them is vacuumed untimed, first and after."""
        psql("ALTER SYSTEM SET autovacuum = off")
        psql("SELECT pg_reload_conf()")
        psql("VACUUM (ANALYZE)")
        try:
            yield
        finally:
            psql("ALTER SYSTEM RESET autovacuum")
            psql("SELECT pg_reload_conf()")
            psql("VACUUM (ANALYZE)")

    def measure_creates(self, runs, many_filers, one_filer, bare_run):
        for i in range(self.s.repeats):
            runs["pgbench"].append(self.pgbench_insert(self.s.run))
            for k, fn in (("bare", bare_run), ("create", many_filers), ("create_one", lambda secs: one_filer("post.lua", secs))):
                res = fn(self.s.run)
                check_errors(res, f"POST {k}")
                runs[k].append(res)
            log(f"2 run {i + 1}: pgbench {runs['pgbench'][-1]['rps']:.0f} tps, bare {runs['bare'][-1]['rps']:.0f}/s, "
                f"create {runs['create'][-1]['rps']:.0f}/s (one filer {runs['create_one'][-1]['rps']:.0f}/s)")

    def measure_create_submits(self, runs, many_filers, one_filer):
        for i in range(self.s.repeats):
            for k, fn in (("create_submit", lambda secs: many_filers(secs, submit=True)),
                          ("create_submit_one", lambda secs: one_filer("create_submit.lua", secs))):
                res = fn(self.s.run)
                res["pairs_per_s"] = res["submitted"] / res["seconds"]
                check_errors(res, k)
                runs[k].append(res)
                self.skip_outbox()
            log(f"2 create+submit run {i + 1}: {runs['create_submit'][-1]['pairs_per_s']:.0f} pairs/s "
                f"(one filer {runs['create_submit_one'][-1]['pairs_per_s']:.0f} pairs/s)")

    def profile_load(self, name, port, load):
        pid = pid_listening(port)
        return jfr_profile(pid, self.s.profile_seconds, load, name) if pid else None

    def per_thread(self, secs):
        """Cycles each wrk thread may need: twice the fastest rate seen so far, so no request repeats a cycle."""
        return int(secs * self.rate_per_thread * 2) + 200

    def seen(self, res, threads=2):
        self.rate_per_thread = max(self.rate_per_thread, res["rps"] / threads)
        return res

    def skip_outbox(self):
        """Marks the benchmark's own 'filing submitted' messages delivered: thousands of copies of one
        filing need not be scored, and scoring them would load the machine during later steps."""
        psql("UPDATE submission.outbox_message SET delivered_at = now(), last_error = 'skipped by bench' WHERE delivered_at IS NULL")

    def quiesce(self, timeout=300):
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            left = int(scalar("SELECT (SELECT count(*) FROM submission.outbox_message WHERE delivered_at IS NULL) + "
                              "(SELECT count(*) FROM scoring.outbox_message WHERE delivered_at IS NULL)"))
            if left == 0:
                return
            time.sleep(1)
        self.notes.append(f"outboxes still held messages after {timeout} s")

    # 3: JMH ----------------------------------------------------------------------------------

    def step_jmh(self):
        jmh = BENCH / "jmh"
        cp = f"{jmh}/target/classes:{SVC}/scoring-service/target/quarkus-app/app/scoring-service-1.0.0-SNAPSHOT.jar:" + \
             (jmh / "target/classpath.txt").read_text().strip()
        out = WORK / "jmh.json"
        cmd = ["taskset", "-c", "0", "java", "-cp", cp, "org.openjdk.jmh.Main", *self.s.jmh,
               "-jvmArgs", " ".join(JVM_FLAGS), "-rf", "json", "-rff", str(out), "ScoringEngineBenchmark"]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
        if r.returncode != 0 or not out.exists():
            raise StepFailed(f"JMH failed: {r.stdout[-1000:]} {r.stderr[-1000:]}")
        data = json.loads(out.read_text())[0]["primaryMetric"]
        forks = [statistics.mean(f) for f in data["rawData"]]
        self.results["jmh"] = dict(forks=forks, score=median(forks))
        log(f"3 JMH: forks {', '.join(f'{x:.0f}' for x in forks)} evaluations/s")
        if median(forks) < 20000:
            jfr = WORK / "jmh.jfr"
            cmd = ["taskset", "-c", "0", "java", "-cp", cp, "org.openjdk.jmh.Main", "-f", "1", "-wi", "1", "-w", "2s", "-i", "1",
                   "-r", f"{self.s.profile_seconds}s", "-jvmArgs",
                   " ".join(JVM_FLAGS) + f" -XX:StartFlightRecording=settings=profile,filename={jfr}", "ScoringEngineBenchmark"]
            subprocess.run(cmd, capture_output=True, text=True, timeout=600)
            self.profiles["jmh"] = summarize_jfr(jfr)
            # evidence for the proposed fix: one rubric formula parsed on every call vs from a syntax tree parsed once
            fout = WORK / "jmh-formula.json"
            cmd = ["taskset", "-c", "0", "java", "-cp", cp, "org.openjdk.jmh.Main", "-f", "1", "-wi", "2", "-w", "1s", "-i", "3",
                   "-r", "1s" if self.s.smoke else "2s", "-jvmArgs", " ".join(JVM_FLAGS), "-rf", "json", "-rff", str(fout), "FormulaBenchmark"]
            subprocess.run(cmd, capture_output=True, text=True, timeout=600)
            if fout.exists():
                self.results["jmh"]["formula"] = {b["benchmark"].rsplit(".", 1)[1]: b["primaryMetric"]["score"] for b in json.loads(fout.read_text())}
                log(f"3 one formula: {self.results['jmh']['formula']}")

    # 4: scoring end to end -------------------------------------------------------------------

    def submit_all(self, drafts, workers=8):
        """Submits every draft through the API, 8 at a time; returns (first start, last end) in epoch seconds."""
        tok = filer()
        lock = threading.Lock()
        t = {"first": None, "last": 0.0}
        failures = []
        local = threading.local()

        def one(d):
            fid, etag = d
            if not hasattr(local, "conn"):
                local.conn = http.client.HTTPConnection(HOST, PORTS["submission"], timeout=60)
            start = time.time()
            with lock:
                t["first"] = start if t["first"] is None else min(t["first"], start)
            local.conn.request("POST", f"/api/v1/filings/{fid}/submit", body=b"",
                               headers={"Authorization": "Bearer " + tok, "If-Match": etag, "Content-Type": "application/json"})
            r = local.conn.getresponse()
            r.read()
            end = time.time()
            with lock:
                t["last"] = max(t["last"], end)
            if r.status != 200:
                failures.append(r.status)

        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            list(pool.map(one, drafts))
        if failures:
            raise StepFailed(f"{len(failures)} submits failed: {Counter(failures)}")
        return t["first"], t["last"]

    def scoring_process(self):
        pid = pid_listening(PORTS["scoring"])
        if not pid:
            raise StepFailed("scoring-service is not listening")
        return pid

    def freeze_scoring(self):
        """Switches scoring off: SIGSTOP freezes scoring-service (the launcher would restart a killed one);
        its port still accepts connections, so the outbox's calls time out and are retried later."""
        self.frozen = self.scoring_process()
        os.kill(self.frozen, signal.SIGSTOP)

    def thaw_scoring(self):
        if self.frozen:
            os.kill(self.frozen, signal.SIGCONT)
            self.frozen = None
            wait_http(f"{SCO}/q/health/ready", timeout=120, interval=0.2)

    def step_scoring_e2e(self):
        n = self.s.submit_batch
        runs = []

        def whole_pipeline(_secs):
            # an untimed batch from submit to reports, so that scoring's and reporting's JITs warm too
            self.submit_and_wait(self.new_drafts(max(n // 4, 10)))
            self.quiesce(timeout=120 if self.s.smoke else 300)

        self.warm_up("4 submit to reports", [pid_listening(PORTS[k]) for k in ("submission", "scoring", "reporting")], whole_pipeline)
        with self.autovacuum_paused():
            self.measure_scoring_e2e(n, runs)
        self.results["scoring_e2e"] = runs
        if median([r["scored_on_s"] for r in runs]) > 1.5 * median([r["submit_off_s"] for r in runs]):
            # both services profiled during one smaller batch (scoring's share and submission's share of the pipeline)
            drafts = self.new_drafts(max(n // 4, 10))
            sub_pid = pid_listening(PORTS["submission"])
            path = WORK / "scoring_e2e_submission.jfr"
            subprocess.run(["jcmd", str(sub_pid), "JFR.start", "name=e2e", "settings=profile", f"filename={path}"], capture_output=True, timeout=60)
            try:
                self.profiles["scoring_e2e"] = jfr_profile(self.scoring_process(), 0, lambda: self.submit_and_wait(drafts), "scoring_e2e")
            finally:
                subprocess.run(["jcmd", str(sub_pid), "JFR.stop", "name=e2e"], capture_output=True, timeout=120)
            self.profiles["scoring_e2e_submission"] = summarize_jfr(path)
        self.measure_reporting_intake()

    INTAKE_BATCH = 50       # what scoring's outbox sends in one request (jixiao.outbox.batch-size)
    INTAKE_SENDERS = 4      # requests in flight at once, as scoring's dispatcher workers send them
    INTAKE_YEAR = 2030      # a year no other step reports on

    def measure_reporting_intake(self):
        """4′ (informational): reporting-service taking in a district's deadline: as many
        EvaluationCompleted messages as step 4 scores, of that many departments in three groups of
        one cycle, posted to its batch endpoint as scoring's outbox posts them. Step 4 itself makes
        a cycle per filing (one department files in each), so that no aggregate row is written
        twice; a district's deadline writes the same few rows again and again."""
        template = json.loads(scalar("SELECT payload::text FROM scoring.outbox_message WHERE type = 'EvaluationCompleted' "
                                     "ORDER BY created_at DESC LIMIT 1"))
        token = token_client("scoring-service", "scoring-secret")
        n, counter = self.s.submit_batch, [0]

        def district():
            counter[0] += 1
            messages = []
            for i in range(n):
                m = dict(template, messageId=str(uuid.uuid4()), evaluationId=str(uuid.uuid4()), filingId=str(uuid.uuid4()),
                         fiscalYear=self.INTAKE_YEAR, cycleId=10_000_000 + counter[0], departmentCode=f"INTAKE{i:05d}",
                         departmentName=f"汇总基准部门{i}", departmentGroup=("行政", "教育", "卫生")[i % 3])
                messages.append(m)
            return messages

        def post(messages):
            conn = http.client.HTTPConnection(HOST, PORTS["reporting"], timeout=120)
            conn.request("POST", "/api/v1/reports/evaluations/batch", body=json.dumps({"messages": messages}, ensure_ascii=False).encode(),
                         headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
            r = conn.getresponse()
            body = r.read()
            if r.status != 200 or any(o.get("status") != 200 for o in json.loads(body)["outcomes"]):
                raise StepFailed(f"reporting refused a batch: {r.status} {body[:300]!r}")

        def deliver(messages):
            batches = [messages[i:i + self.INTAKE_BATCH] for i in range(0, len(messages), self.INTAKE_BATCH)]
            with concurrent.futures.ThreadPoolExecutor(self.INTAKE_SENDERS) as pool:
                list(pool.map(post, batches))

        self.warm_up("4′ reporting's intake", [pid_listening(PORTS["reporting"])], lambda _secs: deliver(district()))
        runs = []
        with self.autovacuum_paused():
            for i in range(self.s.repeats):
                messages = district()
                cpu0, t0 = cpu_by_process(), time.monotonic()
                deliver(messages)
                secs = time.monotonic() - t0
                cpu = cpu_spent(cpu0, cpu_by_process())
                runs.append(dict(messages=n, seconds=secs, per_s=n / secs, jvm_cpu_s=cpu.get("reporting (JVM)", 0.0),
                                 db_cpu_s=cpu.get("reporting (PostgreSQL)", 0.0)))
                log(f"4′ run {i + 1}: {n} messages of one cycle in {secs:.2f} s ({n / secs:.0f}/s); reporting's CPU: "
                    f"JVM {runs[-1]['jvm_cpu_s']:.2f} s, PostgreSQL {runs[-1]['db_cpu_s']:.2f} s")
        self.results["reporting_intake"] = runs

    def measure_scoring_e2e(self, n, runs):
        for i in range(self.s.repeats):
            off = self.new_drafts(n)
            on = self.new_drafts(n)
            self.freeze_scoring()
            try:
                cpu0 = cpu_by_process()
                first, last = self.submit_all(off)
                t_off = last - first
                cpu_off = cpu_spent(cpu0, cpu_by_process())
                self.skip_outbox()
            finally:
                self.thaw_scoring()
            # the deliveries that were in flight when scoring froze are answered once it thaws: up to
            # a batch per dispatcher worker of the run without scoring gets scored then, and sent on
            # to reporting. Measured runs start once that work is done, not beside it
            self.settle_scoring()
            ids = ",".join(f"'{d}'" for d, _ in on)
            cpu0 = cpu_by_process()
            first, last_submit = self.submit_all(on)
            deadline = time.monotonic() + (120 if self.s.smoke else 900)
            done = 0
            while time.monotonic() < deadline:
                done = int(scalar(f"SELECT count(DISTINCT filing_id) FROM scoring.evaluation WHERE filing_id IN ({ids})"))
                if done >= n:
                    break
                time.sleep(0.2)
            if done < n:
                raise StepFailed(f"only {done} of {n} filings scored")
            cpu1 = cpu_by_process()
            last_eval = float(scalar(f"SELECT extract(epoch FROM max(updated_at)) FROM scoring.evaluation WHERE filing_id IN ({ids})"))
            self.quiesce(timeout=120 if self.s.smoke else 300)
            # where the CPU went: the submits alone, the measured window, and the reports' catching up after it
            cpu = dict(off=cpu_off, on=cpu_spent(cpu0, cpu1), after=cpu_spent(cpu1, cpu_by_process()))
            backlog = int(scalar("SELECT (SELECT count(*) FROM submission.outbox_message WHERE delivered_at IS NULL) + "
                                 "(SELECT count(*) FROM scoring.outbox_message WHERE delivered_at IS NULL)"))
            res = dict(submit_off_s=t_off, scored_on_s=last_eval - first, submit_on_s=last_submit - first, backlog=backlog, cpu=cpu)
            runs.append(res)
            log(f"4 run {i + 1}: submit {n} with scoring off {t_off:.2f} s; first submit to last evaluation {res['scored_on_s']:.2f} s; backlog {backlog}")

    def settle_scoring(self, quiet=1.0, timeout=60):
        """Waits until scoring has stored no evaluation for `quiet` seconds and the outboxes are empty."""
        deadline = time.monotonic() + timeout
        count, since = None, time.monotonic()
        while time.monotonic() < deadline:
            now = int(scalar("SELECT count(*) FROM scoring.evaluation"))
            if now != count:
                count, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                break
            time.sleep(0.2)
        self.quiesce(timeout=120 if self.s.smoke else 300)

    def submit_and_wait(self, drafts):
        ids = ",".join(f"'{d}'" for d, _ in drafts)
        self.submit_all(drafts)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            if int(scalar(f"SELECT count(DISTINCT filing_id) FROM scoring.evaluation WHERE filing_id IN ({ids})")) >= len(drafts):
                return
            time.sleep(0.2)

    # 5: reports ------------------------------------------------------------------------------

    def district_classpath(self):
        cpfile = OUT / "reporting-test-classpath.txt"
        return f"{SVC}/reporting-service/target/test-classes:{SVC}/reporting-service/target/classes:" + cpfile.read_text().strip()

    def load_district(self, departments):
        tok = token_client("reporting-service", "reporting-secret")
        cmd = ["java", f"-Ddepartments={departments}", "-Dyears=10", "-DfirstYear=2010", "-Dseed=42", f"-Durl={REP}",
               f"-Dtoken={tok}", "-Dthreads=4", "-cp", self.district_classpath(), "cn.jixiao.reporting.support.SyntheticDistrict"]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
        if r.returncode != 0:
            raise StepFailed(f"synthetic district failed: {r.stdout[-800:]} {r.stderr[-800:]}")
        log("5 " + r.stdout.strip().splitlines()[-1])

    REPORTS = [
        ("ranking", "/api/v1/reports/2019/ranking"),
        ("grades", "/api/v1/reports/2019/grades"),
        ("indicators", "/api/v1/reports/2019/indicators"),
        ("self-assessment gaps", "/api/v1/reports/2019/self-assessment-gaps"),
        ("finance", "/api/v1/reports/2019/finance"),
        ("department trend", "/api/v1/reports/departments/S0001/trend"),
        ("aggregate: score by indicator", "/api/v1/reports/aggregate?measure=final_score.avg%7Closs_count&drilldown=indicator&cut=year:2019"),
        ("aggregate: departments by year, group and grade", "/api/v1/reports/aggregate?measure=department_count%7Ctotal_score.avg&drilldown=year%7Cgroup%7Cgrade"),
    ]

    @staticmethod
    def wait_for_autovacuum(timeout=120):
        """Waits until no autovacuum worker is running, so that a measurement does not share the
        2 cores with the maintenance of a load it did not make."""
        deadline = time.monotonic() + timeout
        while int(scalar("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")) > 0:
            if time.monotonic() > deadline:
                log("autovacuum still running after the wait; measuring anyway")
                return
            time.sleep(0.5)

    def clear_read_model(self):
        """Empties reporting's read model, so that step 5 measures the synthetic district alone.
        Steps 2 and 4 feed it every evaluation they cause, each filing in a cycle of its own (tens
        of thousands of cycles, unlike any bureau): a report over all years then aggregated those
        too, and "at 200 evaluations" was not at 200 (docs/performance.md, target 5)."""
        self.quiesce(timeout=120 if self.s.smoke else 300)
        left = int(scalar("SELECT count(*) FROM reporting.evaluation"))
        psql(f"TRUNCATE {self.read_model_tables()}")
        log(f"5 read model emptied of the {left:,} evaluations the earlier steps delivered")

    @staticmethod
    def read_model_tables():
        return scalar("SELECT string_agg(format('reporting.%I', table_name), ', ') FROM information_schema.tables "
                      "WHERE table_schema = 'reporting' AND table_type = 'BASE TABLE' AND table_name <> 'flyway_schema_history'")

    def step_reports(self):
        out = {}
        self.clear_read_model()
        for departments in self.s.district:
            evaluations = departments * 10
            self.load_district(departments)
            # the tables have just grown tenfold from empty: measured in the state autovacuum leaves
            # them in within a minute or two, not before. With an emptied table's statistics the
            # ranking at 20,000 took 91 ms p95 until autoanalyze ran; analyzed but not yet vacuumed,
            # 78 ms (62 req/s), and 3.6 ms once vacuumed: its rank is an index-only count, which
            # checks the table for every entry on pages no vacuum has yet marked all-visible
            # (docs/performance.md, target 5)
            psql(f"VACUUM (ANALYZE) {self.read_model_tables()}")
            self.wait_for_autovacuum()
            tok = viewer()
            for name, path in self.REPORTS:
                paths = WORK / "report-path.txt"
                paths.write_text(path + "\n")
                call("GET", REP + path, tok, expect=200)
                wrk(REP, "get.lua", [paths, ""], 4, self.s.report_warmup, tok)
                runs = []
                for _ in range(self.s.repeats):
                    res = wrk(REP, "get.lua", [paths, ""], 4, self.s.report_run, tok)
                    check_errors(res, f"report {name}")
                    runs.append(res)
                out.setdefault(name, {})[evaluations] = runs
                log(f"5 {name} at {evaluations}: p95 {self.med(runs, 'p95_ms'):.1f} ms, {self.med(runs, 'rps'):.0f} req/s")
        self.results["reports"] = out
        largest = max(d * 10 for d in self.s.district)
        smallest = min(d * 10 for d in self.s.district)
        slowest = max(out, key=lambda k: self.med(out[k][largest], "p95_ms"))
        growth = {k: self.med(out[k][largest], "p95_ms") / self.med(out[k][smallest], "p95_ms") for k in out}
        # profile the report that misses: the slowest if one is over 50 ms, else the one that grows most
        worst = slowest if self.med(out[slowest][largest], "p95_ms") > 50 else max(growth, key=growth.get)
        if self.med(out[worst][largest], "p95_ms") > 50 or growth[worst] > 2:
            paths = WORK / "report-path.txt"
            paths.write_text(dict(self.REPORTS)[worst] + "\n")
            self.profile_wrk("reports", PORTS["reporting"], REP, "get.lua", [paths, ""], 4, viewer())
            if self.profiles.get("reports"):
                self.profiles["reports"]["what"] = f"{worst} at {largest} evaluations"

    # 6: finance import -----------------------------------------------------------------------

    # a run is the mean of this many imports, as pgbench gives the mean of as many COPYs
    IMPORTS_PER_RUN = 5

    def step_import(self):
        n = self.s.import_departments
        psql(f"""
            INSERT INTO submission.department (code, name, group_name) SELECT 'IMP' || lpad(g::text, 5, '0'), '导入部门' || g, '导入' FROM generate_series(1, {n}) g;
            INSERT INTO submission.sub_unit (department_code, code, name, position) SELECT 'IMP' || lpad(g::text, 5, '0'), 'IMP' || lpad(g::text, 5, '0') || '-01', '局机关', 0 FROM generate_series(1, {n}) g;
            INSERT INTO submission.evaluation_cycle (name, fiscal_year, deadline, rubric_code, rubric_version, indicator_points, created_by)
                SELECT '{IMPORT_YEAR}年度导入基准', {IMPORT_YEAR}, deadline, rubric_code, rubric_version, indicator_points, 'bench' FROM submission.evaluation_cycle WHERE id = {self.cycle0};
            INSERT INTO submission.filing (id, department_code, cycle_id, fiscal_year, status, revision, content, content_sha256, created_at, created_by, updated_at, version)
                SELECT gen_random_uuid(), 'IMP' || lpad(g::text, 5, '0'), (SELECT max(id) FROM submission.evaluation_cycle), {IMPORT_YEAR}, 'DRAFT', 1,
                       '{{}}'::jsonb, 'none', now(), 'bench', now(), 0 FROM generate_series(1, {n}) g;
        """)
        fig = self.content_template()["finance"][0]
        items = [{"departmentCode": f"IMP{g:05d}", "subUnitCode": f"IMP{g:05d}-01", "income": fig["income"], "expenditure": fig["expenditure"],
                  "threePublic": fig["threePublic"], "fixedAssets": fig["fixedAssets"]} for g in range(1, n + 1)]
        # compact: 2,000 departments' figures are 0.97 MiB, just under the service's 1 MiB body limit
        body = json.dumps({"fiscalYear": IMPORT_YEAR, "items": items}, ensure_ascii=False, separators=(",", ":")).encode()
        self.import_body_bytes = len(body)
        csv = WORK / "finance.csv"
        with csv.open("w", encoding="utf-8") as f:
            for it in items:
                cols = [it["departmentCode"], it["subUnitCode"]] + [json.dumps(it[k], ensure_ascii=False) for k in ("income", "expenditure", "threePublic", "fixedAssets")]
                f.write(",".join('"' + c.replace('"', '""') + '"' for c in cols) + "\n")
        copy_script = WORK / "copy.sql"
        copy_script.write_text(f"COPY bench.finance_row FROM '{csv}' WITH (FORMAT csv);\n")

        def api_import():
            tok = admin()
            t0 = time.monotonic()
            _, text, _ = call("POST", f"{SUB}/api/v1/imports/finance", tok, body, headers={"Idempotency-Key": str(uuid.uuid4())},
                              timeout=600, expect=200)
            secs = time.monotonic() - t0
            if json.loads(text)["itemsApplied"] != n:
                raise StepFailed("import did not apply every item")
            return dict(seconds=secs, rows_per_s=n / secs)

        def copy():
            env = dict(os.environ, PGPASSWORD="postgres")
            r = subprocess.run([str(PG_BIN / "pgbench"), "-h", HOST, "-p", str(PORTS["pg"]), "-U", "postgres", "-n", "-c", "1", "-t", str(self.IMPORTS_PER_RUN),
                                "-f", str(copy_script), "jixiao"], env=env, capture_output=True, text=True, timeout=600)
            lat = re.search(r"latency average = ([\d.]+) ms", r.stdout)
            if r.returncode != 0 or not lat:
                raise StepFailed(f"pgbench COPY failed: {r.stdout[-500:]} {r.stderr[-500:]}")
            psql("TRUNCATE bench.finance_row")
            secs = float(lat.group(1)) / 1000
            return dict(seconds=secs, rows_per_s=n / secs)

        def api_imports(count):
            secs = sum(api_import()["seconds"] for _ in range(count)) / count
            return dict(seconds=secs, rows_per_s=n / secs)

        def imports_for(secs):
            end = time.monotonic() + secs
            while time.monotonic() < end:
                api_import()

        # the import's path is run by nothing before this step: warmed until the JIT is quiet, as
        # every other step is (one untimed import left it compiling through the measured ones)
        self.warm_up("6 finance import", [pid_listening(PORTS["submission"])], imports_for)
        copy()
        runs = {"api": [], "copy": []}
        # the warm-up rewrote the same 2,000 drafts dozens of times: measured on vacuumed tables with
        # autovacuum paused, as steps 2 and 4 are (autovacuum reached the drafts during some runs
        # and not others: 155 to 257 ms for the same import)
        with self.autovacuum_paused():
            for i in range(self.s.repeats):
                runs["api"].append(api_imports(self.IMPORTS_PER_RUN))
                runs["copy"].append(copy())
                log(f"6 run {i + 1}: import {runs['api'][-1]['seconds'] * 1000:.0f} ms (mean of {self.IMPORTS_PER_RUN}), "
                    f"COPY {runs['copy'][-1]['seconds'] * 1000:.1f} ms (mean of {self.IMPORTS_PER_RUN})")
        runs["body_bytes"] = self.import_body_bytes
        runs["per_run"] = self.IMPORTS_PER_RUN
        self.results["import"] = runs
        # profiled met or missed, as it has measured on both sides of its line (0.14× to 0.25×); imports
        # back to back for as long as the other steps' profiles load: three imports (a third of a
        # second) gave JFR's 10-ms sampling three samples to say where the time went
        pid = pid_listening(PORTS["submission"])
        self.profiles["import"] = jfr_profile(pid, self.s.profile_seconds, lambda: imports_for(self.s.profile_seconds), "import")
        # after the profile, which stays the one of the measured import
        with self.autovacuum_paused():
            # the drafts above hold nothing but the figures an import wrote (an import early in the
            # cycle); a department that has filled in its forms has a content of about 7 KB, which every
            # import rewrites whole: the same imports again into drafts filled in as the bench's
            # filing is (each keeping the figures of its own sub-unit), against the same COPY
            filled = dict(self.content_template())
            filled.pop("finance")
            filled_sql = json.dumps(filled, ensure_ascii=False).replace("'", "''")
            psql(f"""UPDATE submission.filing SET content = jsonb_set('{filled_sql}'::jsonb, '{{finance}}', content::jsonb -> 'finance')::json
                     WHERE fiscal_year = {IMPORT_YEAR}""")
            runs["filled_bytes"] = int(psql(f"SELECT round(avg(octet_length(content::text))) FROM submission.filing WHERE fiscal_year = {IMPORT_YEAR}"))
            psql("VACUUM (ANALYZE) submission.filing, submission.filing_history")
            api_imports(1)  # the first rewrite of each filled draft is not a run's
            runs["api_filled"] = []
            for i in range(self.s.repeats):
                runs["api_filled"].append(api_imports(self.IMPORTS_PER_RUN))
                log(f"6 filled drafts ({runs['filled_bytes']:,} bytes) run {i + 1}: import {runs['api_filled'][-1]['seconds'] * 1000:.0f} ms")

    # 7: start and memory ---------------------------------------------------------------------

    def step_start(self):
        any_id = (WORK / "filing-ids.txt").read_text().split()[0]
        bare_id = (WORK / "bare-ids.txt").read_text().split()[0]
        ids, bare_ids = WORK / "filing-ids.txt", WORK / "bare-ids.txt"
        runs = {"service": [], "bare": []}
        tok = filer()
        port = PORTS["extra"]

        def measure(kind, heap="384m", load_seconds=None, create=False):
            tok_now = filer()
            if kind == "service":
                j = start_service_copy("submission-service", port, heap)
                url, f, prefix = f"http://{HOST}:{port}/api/v1/filings/{any_id}", ids, "/api/v1/filings/"
            else:
                j = start_bare(port, heap)
                url, f, prefix = f"http://{HOST}:{port}/bare/rows/{bare_id}", bare_ids, "/bare/rows/"
            self.own.append(j)
            try:
                start = wait_http(url, tok_now, timeout=180, proc=j.proc)
                if create:  # the heap comparison measures a warmed-up instance
                    self.warm_up(f"7 heap {heap} GET", [j.proc.pid], lambda secs: wrk(f"http://{HOST}:{port}", "get.lua", [f, prefix], 16, secs, tok_now))
                res = wrk(f"http://{HOST}:{port}", "get.lua", [f, prefix], 16, load_seconds or self.s.run, tok_now)
                out = dict(start_s=start, rss_mb=rss_mb(j.proc.pid), get_rps=res["rps"], get_p99_ms=res["p99_ms"])
                if create:
                    def creates(secs):
                        n = self.per_thread(secs)
                        return wrk(f"http://{HOST}:{port}/api/v1/filings", "post.lua", [WORK / "create.json", self.new_cycles(2 * n), n], 8, secs, tok_now)
                    self.warm_up(f"7 heap {heap} create", [j.proc.pid], creates)
                    c = creates(self.s.run)
                    check_errors(c, "create on the extra instance")
                    out.update(create_rps=c["rps"], rss_mb=rss_mb(j.proc.pid))
                return out
            finally:
                j.stop()
                self.own.remove(j)

        for i in range(self.s.repeats):
            for kind in ("service", "bare"):
                r = measure(kind)
                runs[kind].append(r)
                log(f"7 {kind} run {i + 1}: start {r['start_s']:.2f} s, RSS after load {r['rss_mb']:.0f} MB")
        heaps = []
        for heap in self.s.heaps:
            try:
                r = measure("service", heap, create=True)
            except StepFailed as e:  # a heap too small for the service is a finding, not a broken harness
                r = dict(start_s=None, rss_mb=None, get_rps=None, get_p99_ms=None, create_rps=None, error=str(e)[:200])
            r["heap"] = heap
            heaps.append(r)
            log(f"7 heap {heap}: GET {fmt(r['get_rps'])}/s, create {fmt(r['create_rps'])}/s, RSS {fmt(r['rss_mb'])} MB {r.get('error', '')}")
        platform_rss = {name: rss_mb(pid_listening(PORTS[name])) for name in ("submission", "scoring", "reporting")}
        steps = {}
        # the measurements stand even if a profiled start below fails
        self.results["start"] = dict(runs=runs, heaps=heaps, platform_rss=platform_rss, steps=steps)
        if median([x["start_s"] for x in runs["service"]]) > median([x["start_s"] for x in runs["bare"]]):
            # where the start goes: JFR from the JVM's first moment to the first answered request,
            # the service's and the bare app's, to compare step by step
            for kind in ("service", "bare"):
                jfr = WORK / f"start-{kind}.jfr"
                jfr.unlink(missing_ok=True)  # never a previous run's profile
                flags = ["-XX:FlightRecorderOptions:stackdepth=512", f"-XX:StartFlightRecording=name=start,settings={BENCH / 'start.jfc'}"]
                if kind == "service":
                    j = start_service_copy("submission-service", port, extra=flags)
                    url = f"http://{HOST}:{port}/api/v1/filings/{any_id}"
                else:
                    j = start_bare(port, extra=flags)
                    url = f"http://{HOST}:{port}/bare/rows/{bare_id}"
                self.own.append(j)
                try:
                    took = wait_http(url, filer(), timeout=180, proc=j.proc)
                    dump = subprocess.run(["jcmd", str(j.proc.pid), "JFR.dump", "name=start", f"filename={jfr}"],
                                          capture_output=True, text=True, timeout=120)
                    if dump.returncode != 0:
                        raise StepFailed(f"JFR.dump: {dump.stdout.strip()} {dump.stderr.strip()}"[:200])
                    steps[kind] = start_steps(jfr)
                    if steps[kind]:
                        steps[kind]["start_s"] = took
                    if kind == "service":
                        self.profiles["start"] = summarize_jfr(jfr)
                        if self.profiles["start"]:
                            self.profiles["start"]["what"] = "submission-service from JVM start to the first answered request"
                except (StepFailed, OSError, ValueError, KeyError, subprocess.SubprocessError) as e:
                    log(f"7 start profile of the {kind} failed: {e}")
                    self.notes.append(f"step 7: the {kind}'s start profile failed: {e}")
                finally:
                    j.stop()
                    self.own.remove(j)

    # run -------------------------------------------------------------------------------------

    STEPS = [("1 GET a filing", "step_get"), ("2 create / create + submit", "step_create"), ("3 scoring engine (JMH)", "step_jmh"),
             ("4 scoring end to end", "step_scoring_e2e"), ("5 reports", "step_reports"), ("6 finance import", "step_import"),
             ("7 start and memory", "step_start")]

    def run(self, only):
        WORK.mkdir(parents=True, exist_ok=True)
        t0 = time.monotonic()
        bare = None
        try:
            if "3" in only and len(only) == 1:
                self.step_jmh()
                return
            self.platform.start()
            bare = start_bare(PORTS["bare"])
            self.own.append(bare)
            self.setup()
            wait_http(f"{BARE}/bare/rows/{uuid.uuid4()}", filer(), ok=(404,), proc=bare.proc)
            for label, method in self.STEPS:
                if label[0] not in only:
                    continue
                load = os.getloadavg()[0]
                self.results.setdefault("load", {})[label[0]] = round(load, 2)
                log(f"step {label} (load average {load:.2f})")
                try:
                    getattr(self, method)()
                except Exception as e:  # one broken step does not hide the others' results
                    log(f"step {label} FAILED: {e}")
                    self.failures.append(f"{label}: {e}")
                    if self.frozen:
                        self.thaw_scoring()
        finally:
            if self.frozen:
                os.kill(self.frozen, signal.SIGCONT)
            for j in list(self.own):
                j.stop()
            self.platform.stop()
            self.elapsed = time.monotonic() - t0


# --- table and report ----------------------------------------------------------------------------

def fmt(v, digits=0):
    if v is None:
        return "–"
    return f"{v:,.{digits}f}"


def verdict(ok):
    return "met" if ok else "**missed**"


def ratio(x, line):
    """A ratio to two decimals; to three where two would round it onto its target's line (0.196
    shown as 0.20× beside "missed" reads as a contradiction)."""
    shown = f"{x:.2f}"
    if float(shown) == line and x != line:
        shown = f"{x:.3f}"
    return shown + "×"


def build_table(h):
    r, rows = h.results, []
    m = lambda runs, k: median([x[k] for x in runs])
    if "get" in r:
        s, b = r["get"]["service"], r["get"]["bare"]
        rps, p99r = m(s, "rps") / m(b, "rps"), m(s, "p99_ms") / m(b, "p99_ms")
        rows.append(["1", "GET filing by id, 16 conn", f"{fmt(m(s, 'rps'))} req/s, p95 {fmt(m(s, 'p95_ms'), 1)} ms, p99 {fmt(m(s, 'p99_ms'), 1)} ms",
                     f"bare app {fmt(m(b, 'rps'))} req/s, p99 {fmt(m(b, 'p99_ms'), 1)} ms", f"{ratio(rps, 0.6)} req/s, {p99r:.2f}× p99",
                     "≥ 0.6×, p99 ≤ 3×", verdict(rps >= 0.6 and p99r <= 3)])
    if "create" in r:
        c = r["create"]
        pg, bare, cr = m(c["pgbench"], "rps"), m(c["bare"], "rps"), m(c["create"], "rps")
        rows.append(["2a", f"create filing ({h.body_bytes / 1024:.1f} KB JSON), 8 conn, filers of 8 departments",
                     f"{fmt(cr)}/s, p95 {fmt(m(c['create'], 'p95_ms'), 1)} ms, p99 {fmt(m(c['create'], 'p99_ms'), 1)} ms",
                     f"pgbench jsonb insert {fmt(pg)}/s; bare POST {fmt(bare)}/s", f"{ratio(cr / pg, 0.35)} pgbench ({cr / bare:.2f}× bare)",
                     "≥ 0.35× pgbench", verdict(cr >= 0.35 * pg)])
        if c.get("create_one"):
            one = m(c["create_one"], "rps")
            rows.append(["2a′", "the same, all 8 conn as one filer (filer-bench)", f"{fmt(one)}/s, p99 {fmt(m(c['create_one'], 'p99_ms'), 1)} ms",
                         "same", f"{one / pg:.2f}× pgbench ({one / bare:.2f}× bare)", "(shows the department lock)", "–"])
        if c["create_submit"]:
            cs = m(c["create_submit"], "pairs_per_s")
            rows.append(["2b", "create + submit, 8 conn, filers of 8 departments", f"{fmt(cs)} pairs/s, p99 {fmt(m(c['create_submit'], 'p99_ms'), 1)} ms per request",
                         f"pgbench {fmt(pg)}/s", f"{ratio(cs / pg, 0.2)} pgbench", "≥ 0.2×", verdict(cs >= 0.2 * pg)])
        if c.get("create_submit_one"):
            one = m(c["create_submit_one"], "pairs_per_s")
            rows.append(["2b′", "the same, one filer", f"{fmt(one)} pairs/s", "same", f"{one / pg:.2f}× pgbench", "(shows the department lock)", "–"])
    if "jmh" in r:
        j = r["jmh"]["score"]
        rows.append(["3", "scoring engine, default rubric, 1 core (JMH)", f"{fmt(j)} evaluations/s", "–", "–", "≥ 20,000/s", verdict(j >= 20000)])
    if "scoring_e2e" in r:
        e = r["scoring_e2e"]
        off, on = m(e, "submit_off_s"), m(e, "scored_on_s")
        backlog = max(x["backlog"] for x in e)
        n = h.s.submit_batch
        rows.append(["4", f"{n:,} submitted → all scored", f"{on:.2f} s first submit → last evaluation; backlog {backlog}",
                     f"submit {n:,} with scoring off: {off:.2f} s", ratio(on / off, 1.5), "≤ 1.5×, no backlog", verdict(on <= 1.5 * off and backlog == 0)])
    if r.get("reporting_intake"):
        ri = r["reporting_intake"]
        rows.append(["4′", f"reporting's intake of a district's deadline: {ri[0]['messages']:,} evaluations of one cycle, "
                     f"{Harness.INTAKE_BATCH} a request, {Harness.INTAKE_SENDERS} at once",
                     f"{fmt(m(ri, 'per_s'))} evaluations/s ({m(ri, 'seconds'):.2f} s); CPU: JVM {m(ri, 'jvm_cpu_s'):.2f} s, "
                     f"PostgreSQL {m(ri, 'db_cpu_s'):.2f} s", "–", "–", "(informational)", "–"])
    if "reports" in r:
        sizes = sorted({n for v in r["reports"].values() for n in v})
        lo, hi = sizes[0], sizes[-1]
        for name, by in r["reports"].items():
            p = {n: m(by[n], "p95_ms") for n in by}
            rows.append(["5", f"report: {name}", " / ".join(f"{fmt(p[n], 1)}" for n in sizes) + f" ms p95 at {' / '.join(f'{n:,}' for n in sizes)}",
                         f"same at {lo:,}: {fmt(p[lo], 1)} ms", f"{p[hi] / p[lo]:.2f}× growth", "p95 ≤ 50 ms, ≤ 2× growth",
                         verdict(p[hi] <= 50 and p[hi] <= 2 * p[lo])])
    if "import" in r:
        a, c = m(r["import"]["api"], "rows_per_s"), m(r["import"]["copy"], "rows_per_s")
        n = h.s.import_departments
        rows.append(["6", f"finance import, {n:,} departments", f"{fmt(m(r['import']['api'], 'seconds') * 1000)} ms ({fmt(a)} rows/s)",
                     f"pgbench COPY {fmt(m(r['import']['copy'], 'seconds') * 1000, 1)} ms ({fmt(c)} rows/s)", ratio(a / c, 0.2), "≥ 0.2×", verdict(a >= 0.2 * c)])
        if r["import"].get("api_filled"):
            af = m(r["import"]["api_filled"], "rows_per_s")
            rows.append(["6′", f"the same into drafts already filled in ({fmt(r['import']['filled_bytes'])} bytes of content each)",
                         f"{fmt(m(r['import']['api_filled'], 'seconds') * 1000)} ms ({fmt(af)} rows/s)", "same", f"{af / c:.2f}×",
                         "(shows the size of the drafts)", "–"])
    if "start" in r:
        s, b = r["start"]["runs"]["service"], r["start"]["runs"]["bare"]
        st, rs = m(s, "start_s") / m(b, "start_s"), m(s, "rss_mb") / m(b, "rss_mb")
        rows.append(["7", "start to first answered request; RSS after load", f"{m(s, 'start_s'):.2f} s; {fmt(m(s, 'rss_mb'))} MB",
                     f"bare app {m(b, 'start_s'):.2f} s; {fmt(m(b, 'rss_mb'))} MB", f"{ratio(st, 1.0)} start, {ratio(rs, 1.2)} RSS", "≤ 1.0×, ≤ 1.2×",
                     verdict(st <= 1.0 and rs <= 1.2)])
    return rows


def print_table(rows):
    head = ["#", "what", "measured (median)", "ceiling (same run)", "ratio", "target", "verdict"]
    widths = [max(len(str(x[i])) for x in rows + [head]) for i in range(len(head))]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths))
    print()
    print(line(head))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line([c.replace("**", "") for c in row]))
    print()


def machine():
    def sh(cmd):
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=30).stdout.strip()
        except Exception:
            return "?"
    return dict(
        nproc=sh("nproc"),
        cpu=sh("lscpu | sed -n 's/^Model name: *//p' | head -1"),
        memory=sh("free -h | awk '/^Mem:/ {print $2}'"),
        kernel=sh("uname -sr"),
        jdk=sh("java -version 2>&1 | head -2 | tr '\\n' ' '"),
        postgres=scalar_safe(),
        wrk=sh("wrk -v 2>&1 | head -1"),
        date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        commit=(f"{(SVC / 'COMMIT').read_text().strip()} (services packaged from a `git archive` of it)" if (SVC / "COMMIT").exists()
                else sh(f"git -C {ROOT} rev-parse --short HEAD")),
    )


def scalar_safe():
    try:
        return "embedded " + (Path(HOME) / "pgdata/PG_VERSION").read_text().strip()
    except OSError:
        return "?"


def run_lines(r):
    out = []
    vals = lambda runs, k, d=0: ", ".join(fmt(x.get(k), d) for x in runs)
    if "get" in r:
        for k in ("service", "bare"):
            out.append(f"- 1 GET {k}: req/s {vals(r['get'][k], 'rps')}; p95 ms {vals(r['get'][k], 'p95_ms', 1)}; p99 ms {vals(r['get'][k], 'p99_ms', 1)}")
    if "create" in r:
        c = r["create"]
        out.append(f"- 2 pgbench jsonb insert tps: {vals(c['pgbench'], 'rps')}")
        out.append(f"- 2 bare POST req/s: {vals(c['bare'], 'rps')}; p99 ms {vals(c['bare'], 'p99_ms', 1)}")
        out.append(f"- 2 create (8 departments) req/s: {vals(c['create'], 'rps')}; p95 ms {vals(c['create'], 'p95_ms', 1)}; p99 ms {vals(c['create'], 'p99_ms', 1)}")
        out.append(f"- 2 create (one filer) req/s: {vals(c.get('create_one', []), 'rps')}; p99 ms {vals(c.get('create_one', []), 'p99_ms', 1)}")
        if c["create_submit"]:
            out.append(f"- 2 create + submit (8 departments) pairs/s: {vals(c['create_submit'], 'pairs_per_s')}; p99 ms per request {vals(c['create_submit'], 'p99_ms', 1)}")
            out.append(f"- 2 create + submit (one filer) pairs/s: {vals(c.get('create_submit_one', []), 'pairs_per_s')}")
    if "jmh" in r:
        out.append(f"- 3 JMH forks, evaluations/s: {', '.join(fmt(x) for x in r['jmh']['forks'])}")
        if r["jmh"].get("formula"):
            out.append("- 3 one rubric formula (`ABS(a) / b * 100`) with EvalEx, evaluations/s: "
                       + "; ".join(f"{k} {fmt(v)}" for k, v in r["jmh"]["formula"].items()))
    if "scoring_e2e" in r:
        e = r["scoring_e2e"]
        out.append(f"- 4 submit with scoring off, s: {vals(e, 'submit_off_s', 2)}; first submit to last evaluation, s: {vals(e, 'scored_on_s', 2)}; "
                   f"submits alone with scoring on, s: {vals(e, 'submit_on_s', 2)}; backlog after: {vals(e, 'backlog')}")
    if r.get("reporting_intake"):
        ri = r["reporting_intake"]
        out.append(f"- 4′ reporting's intake, evaluations/s: {vals(ri, 'per_s')}; reporting's CPU s, JVM: {vals(ri, 'jvm_cpu_s', 2)}, "
                   f"PostgreSQL: {vals(ri, 'db_cpu_s', 2)}")
    if "reports" in r:
        for name, by in r["reports"].items():
            out.append(f"- 5 {name}: " + "; ".join(f"at {n:,} p95 ms {vals(by[n], 'p95_ms', 1)} (req/s {vals(by[n], 'rps')})" for n in sorted(by)))
    if "import" in r:
        each = r["import"].get("per_run")
        out.append(f"- 6 import ms: {', '.join(fmt(x['seconds'] * 1000) for x in r['import']['api'])}; "
                   f"pgbench COPY ms: {', '.join(fmt(x['seconds'] * 1000, 1) for x in r['import']['copy'])}"
                   + (f" (each run the mean of {each} imports, and of {each} COPYs)" if each else ""))
        if r["import"].get("api_filled"):
            out.append(f"- 6 import into filled drafts ms: {', '.join(fmt(x['seconds'] * 1000) for x in r['import']['api_filled'])}")
    if "start" in r:
        for k in ("service", "bare"):
            runs = r["start"]["runs"][k]
            out.append(f"- 7 {k}: start s {vals(runs, 'start_s', 2)}; RSS after load MB {vals(runs, 'rss_mb')}; GET req/s {vals(runs, 'get_rps')}")
        rss = r["start"].get("platform_rss") or {}
        out.append("- 7 RSS of the platform's services at the end of the run, MB: " + ", ".join(f"{k} {fmt(v)}" for k, v in rss.items()))
    return out


def write_markdown(h, rows, mach, path):
    md = []
    md.append("# Performance\n")
    md.append("Generated by `bench/run.sh` (see [bench/README.md](../bench/README.md)); the analysis further down is written by hand from "
              "the measured numbers and profiles. Re-run the harness to refresh the numbers.\n")
    md.append("## Machine\n")
    md.append(f"- measured {mach['date']} at commit {mach['commit']}{' — SMOKE RUN, numbers meaningless' if h.s.smoke else ''}")
    md.append(f"- {mach['nproc']} cores ({mach['cpu']}), {mach['memory']} memory, {mach['kernel']}")
    md.append(f"- {mach['jdk']}; PostgreSQL {mach['postgres']}; {mach['wrk']}")
    if h.results.get("load"):
        md.append("- 1-minute load average as each step began (2 cores; the harness's own processes included): "
                  + ", ".join(f"step {k}: {v}" for k, v in h.results["load"].items()))
    md.append(f"- every service and the bare app: `{' '.join(JVM_FLAGS)}`, prod profile, token checks on, all on 127.0.0.1 with the load generator\n")
    md.append("## Results\n")
    md.append(f"| # | what | measured (median of {h.s.repeats}) | ceiling (same run) | ratio | target | verdict |")
    md.append("|---|---|---|---|---|---|---|")
    for row in rows:
        md.append("| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |")
    md.append("")
    if h.failures:
        md.append("Steps that failed in this run:\n")
        md.extend(f"- {f}" for f in h.failures)
        md.append("")
    md.append("## Every run\n")
    md.append("The measured runs behind each median (warm-up runs are not shown).\n")
    md.extend(run_lines(h.results))
    md.append("")
    if h.warmups:
        md.append("## Warm-ups\n")
        md.append(f"Each warm-up repeats its load in rounds of {h.s.warmup} s until the JIT compilers (C1 and C2 threads) of every JVM it warms "
                  f"took under {100 * h.s.jit_steady:.0f}% of that JVM's CPU in a round, or until its time limit.\n")
        md.append("| warm-up | rounds | seconds | limit s | JIT share of CPU, last round | steady |")
        md.append("|---|---|---|---|---|---|")
        md.extend(f"| {w['what']} | {w['rounds']} | {w['seconds']} | {w.get('limit', h.s.warmup_max)} | {100 * w['jit_share']:.1f}% | "
                  f"{'yes' if w['steady'] else 'no (time limit)'} |" for w in h.warmups)
        md.append("")
    e4 = [r["cpu"] for r in h.results.get("scoring_e2e", []) if r.get("cpu")]
    if e4:
        md.append("## Step 4: where the CPU went\n")
        md.append("CPU seconds of each process, median of the runs, from `/proc`: each service's JVM and the PostgreSQL backends "
                  "serving its connections (told apart by the client port the JVM holds). Three windows: the "
                  f"{h.s.submit_batch:,} submits with scoring switched off; the measured window with it on (first submit until the harness, polling every 0.2 s, saw the last "
                  "evaluation); and after it, until both outboxes were empty (reporting catching up; the harness polls every second, "
                  "so that window's wall time says little). On 2 cores a window's wall time is at least half its total.\n")
        owners = sorted({k for c in e4 for w in c.values() for k in w},
                        key=lambda k: (k.split(" ")[0] not in SERVICES, SERVICES.index(k.split(" ")[0]) if k.split(" ")[0] in SERVICES else 0, k))
        md.append("| process | scoring off: submits | scoring on: first submit to last evaluation | after: until the outboxes are empty |")
        md.append("|---|---|---|---|")
        col = lambda w, k: median([c[w].get(k, 0.0) for c in e4])
        for k in owners:
            md.append(f"| {k} | {fmt(col('off', k), 2)} | {fmt(col('on', k), 2)} | {fmt(col('after', k), 2)} |")
        md.append(f"| **all** | {fmt(median([sum(c['off'].values()) for c in e4]), 2)} | {fmt(median([sum(c['on'].values()) for c in e4]), 2)} "
                  f"| {fmt(median([sum(c['after'].values()) for c in e4]), 2)} |")
        md.append("")
    if "start" in h.results and h.results["start"]["heaps"]:
        md.append("## Heap size against throughput (submission-service, one extra instance per size: GET 16 conn, then create 8 conn as one filer)\n")
        if h.results["start"].get("heaps_note"):
            md.append(h.results["start"]["heaps_note"] + "\n")
        md.append("| -Xmx | start s | GET req/s | GET p99 ms | create/s | RSS after load MB |")
        md.append("|---|---|---|---|---|---|")
        for x in h.results["start"]["heaps"]:
            md.append(f"| {x['heap']} | {fmt(x['start_s'], 2)} | {fmt(x['get_rps'])} | {fmt(x['get_p99_ms'], 1)} | {fmt(x.get('create_rps'))} | {fmt(x['rss_mb'])} |")
        md.append("")
    steps = (h.results.get("start") or {}).get("steps") or {}
    if steps.get("service") and steps.get("bare"):
        svc, bare = steps["service"], steps["bare"]
        md.append("## Start, step by step (submission-service and the bare app, one profiled start each)\n")
        md.append("JFR samples of the main thread from the JVM's start to the first answered request (asked for every millisecond; "
                  "JFR took one every few, with gaps where the thread waited or JFR could not walk its stack), by the Quarkus startup "
                  "step on their stack: the outermost recorder generated at build time, so a step counts what it calls. \"First to "
                  "last\" is the time from the step's first sample to its last: the step's duration when it runs once, but a step "
                  "whose recorder runs again later (OIDC, Hibernate ORM, the HTTP server) spans most of the start. "
                  f"Recording slows a start down: these profiled starts answered after {fmt(svc.get('start_s'), 2)} s (service) and "
                  f"{fmt(bare.get('start_s'), 2)} s (bare app). Main thread: service {svc['main_samples']} samples over "
                  f"{fmt(svc['main_span_ms'])} ms, bare app {bare['main_samples']} over {fmt(bare['main_span_ms'])} ms.\n")
        md.append("| step | service samples | service first to last, ms | bare app samples | bare app first to last, ms |")
        md.append("|---|---|---|---|---|")
        v = {k: (n, span) for k, n, span in svc["steps"]}
        bn = {k: (n, span) for k, n, span in bare["steps"]}
        for k in [k for k, _, _ in svc["steps"]] + [k for k, _, _ in bare["steps"] if k not in v]:
            (x, xs), (y, ys) = v.get(k, (None, None)), bn.get(k, (None, None))
            md.append(f"| {k} | {fmt(x)} | {fmt(xs)} | {fmt(y)} | {fmt(ys)} |")
        md.append("")
    if h.profiles:
        md.append("## Profiles of the missed targets (JFR execution samples)\n")
        md.append("Where the CPU samples of the service fell while the load of the missed target ran: share of samples in each area "
                  "(inclusive: a sample counts for every area on its stack), the hottest methods of our own code (first `cn.jixiao` frame), "
                  "and the hottest leaf methods.\n")
        for name, p in h.profiles.items():
            if not p:
                continue
            md.append(f"### {name}{' — ' + p['what'] if p.get('what') else ''} ({p['samples']} samples)\n")
            md.append("| area (inclusive) | % |\n|---|---|")
            md.extend(f"| {a} | {v} |" for a, v in p["areas"])
            md.append("\n| own code (first cn.jixiao frame) | % |\n|---|---|")
            md.extend(f"| `{a}` | {v} |" for a, v in p["app_top"])
            md.append("\n| leaf method (self time) | % |\n|---|---|")
            md.extend(f"| `{a}` | {v} |" for a, v in p["self_top"])
            db = p.get("db")
            if db:
                md.append(f"\nPostgreSQL meanwhile ({db['samples']} samples of pg_stat_activity): {db['busy_backends']} busy backends on average; "
                          "per sample, backends " + "; ".join(f"{k}: {v}" for k, v in db["waits"]) + ".")
            md.append("")
    analysis = BENCH / "analysis.md"
    if analysis.exists():
        md.append(analysis.read_text().strip() + "\n")
    path.write_text("\n".join(md) + "\n", encoding="utf-8")


def main():
    ap = argparse.ArgumentParser(description="Jixiao benchmark harness (bench/README.md)")
    ap.add_argument("--smoke", action="store_true", help="every step with tiny sizes and durations; no timing is asserted")
    ap.add_argument("--only", default="1234567", help="steps to run, e.g. 13 (default: all)")
    ap.add_argument("--out", default=None, help="markdown file to write (default docs/performance.md; smoke: bench/target/performance-smoke.md)")
    ap.add_argument("--render", action="store_true", help="measure nothing: write the markdown again from bench/target/results.json "
                                                          "(after editing bench/analysis.md)")
    a = ap.parse_args()
    saved = OUT / "results.json"
    if a.render:
        data = json.loads(saved.read_text())
        h = Harness(Sizes(data["smoke"]))
        h.results, h.profiles, h.failures, h.body_bytes = data["results"], data["profiles"], data["failures"], data["body_bytes"]
        h.warmups = data.get("warmups", [])
        if "reports" in h.results:  # JSON turned the sizes into strings
            h.results["reports"] = {k: {int(n): runs for n, runs in v.items()} for k, v in h.results["reports"].items()}
        mach = data["machine"]
    else:
        h = Harness(Sizes(a.smoke))
        h.body_bytes = 0
        try:
            h.run(a.only)
        except Exception as e:
            h.failures.append(f"harness: {e}")
            log(f"FAILED: {e}")
        mach = machine()
        saved.write_text(json.dumps(dict(results=h.results, profiles=h.profiles, failures=h.failures, body_bytes=h.body_bytes, warmups=h.warmups,
                                         smoke=h.s.smoke, machine=mach), indent=1, default=str))
    rows = build_table(h)
    print_table(rows)
    out = Path(a.out) if a.out else (OUT / "performance-smoke.md" if h.s.smoke else ROOT / "docs/performance.md")
    write_markdown(h, rows, mach, out)
    log(f"wrote {out}" + ("" if a.render else f" ({getattr(h, 'elapsed', 0):.0f} s)"))
    if h.failures:
        for f in h.failures:
            log(f"FAILED {f}")
        sys.exit(1)


if __name__ == "__main__":
    main()
