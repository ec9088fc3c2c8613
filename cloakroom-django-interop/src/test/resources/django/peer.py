"""The Django side of the interop tests: a real Django, configured in code, driven over stdin/stdout.

The first line on stdin is the configuration (JSON); every later line is one operation, answered by one JSON
line on stdout. An operation that raises answers {"error": "..."} instead, so the Java test can show it.
Run under Debian's /usr/bin/python3 with python3-django (3.2).
"""
import io
import json
import sys
import time
from unittest import mock


def configure(config):
    from django.conf import settings

    apps = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions"]
    options = dict(
        SECRET_KEY=config["secret_key"],
        USE_TZ=config.get("use_tz", True),
        TIME_ZONE=config.get("time_zone", "America/Chicago"),
        INSTALLED_APPS=apps,
        SESSION_ENGINE="django.contrib.sessions.backends." + config.get("engine", "db"),
        SESSION_COOKIE_AGE=config.get("cookie_age", 1209600),
        SESSION_EXPIRE_AT_BROWSER_CLOSE=config.get("expire_at_browser_close", False),
        DATABASES={"default": config.get("database") or {
            "ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
        ],
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        LOGGING_CONFIG=None,
    )
    if config.get("hashing_algorithm"):
        # Django 3.1/3.2's transitional setting: 'sha1' writes the pre-3.1 session format and SHA-1 signatures
        options["DEFAULT_HASHING_ALGORITHM"] = config["hashing_algorithm"]
    if config.get("caches"):
        options["CACHES"] = config["caches"]
    if config.get("file_path"):
        options["SESSION_FILE_PATH"] = config["file_path"]
    settings.configure(**options)
    import django
    django.setup()


def store_class():
    from django.conf import settings
    from importlib import import_module
    return import_module(settings.SESSION_ENGINE).SessionStore


def at(op):
    """Runs the operation with time.time() at the UNIX time the operation gives ("at"), if any.

    That moves the signer's timestamp (signed cookies and the signed-data timestamp), not timezone.now(),
    so it cannot be used to age db or file rows: give those a negative set_expiry() instead.
    """
    if op.get("at") is None:
        return mock.patch.object(time, "time", time.time)
    return mock.patch.object(time, "time", lambda: float(op["at"]))


def describe(session):
    data = dict(session.items())
    expiry = data.get("_session_expiry")
    return {
        "key": session.session_key,
        "data": data,
        "expiry_age": session.get_expiry_age() if not isinstance(expiry, str) else None,
        "expire_at_browser_close": session.get_expire_at_browser_close(),
    }


def create(op):
    session = store_class()()
    session.update(op.get("data", {}))
    if "expiry" in op:
        session.set_expiry(op["expiry"])
    session.save()
    return {"key": session.session_key}


def load(op):
    session = store_class()(session_key=op["key"])
    described = describe(session)
    described["exists"] = bool(op["key"]) and store_class()().exists(op["key"])
    return described


def update(op):
    session = store_class()(session_key=op["key"])
    for name, value in op.get("set", {}).items():
        session[name] = value
    for name in op.get("delete", []):
        del session[name]
    if "expiry" in op:
        session.set_expiry(op["expiry"])
    session.save()
    return {"key": session.session_key}


def flush(op):
    session = store_class()(session_key=op["key"])
    session.load()
    session.flush()
    return {"key": session.session_key}


def cycle(op):
    session = store_class()(session_key=op["key"])
    session.cycle_key()
    return {"key": session.session_key}


def encode(op):
    return {"encoded": store_class()().encode(op["data"])}


def decode(op):
    return {"data": store_class()().decode(op["encoded"])}


def clearsessions(op):
    from django.core.management import call_command
    call_command("clearsessions")
    return {}


def migrate(op):
    from django.core.management import call_command
    out = io.StringIO()
    call_command("migrate", verbosity=1, interactive=False, stdout=out)
    return {"output": out.getvalue()}


def sql(op):
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute(op["sql"], op.get("params", []))
        rows = cursor.fetchall() if cursor.description else []
    return {"rows": [[str(v) if v is not None else None for v in row] for row in rows]}


def create_user(op):
    from django.contrib.auth.models import User
    User.objects.create_user(op["username"], password=op["password"])
    return {}


def cache_key(op):
    """The cache key Django's cache backend gives a session key: make_key of the engine's prefix + key."""
    session = store_class()(session_key=op["key"])
    from django.core.cache import caches
    from django.conf import settings
    return {"cache_key": caches[settings.SESSION_CACHE_ALIAS].make_key(session.cache_key)}


def pickle_dumps(op):
    """What Django 4.0's RedisCache writes for a value: its pickle at HIGHEST_PROTOCOL (ints as digits)."""
    import pickle
    value = op["data"]
    if type(value) is int:
        return {"hex": str(value).encode().hex()}
    return {"hex": pickle.dumps(value, op.get("protocol", pickle.HIGHEST_PROTOCOL)).hex()}


def pickle_loads(op):
    """What Django 4.0's RedisCache reads from raw bytes: an int from digits, else an unpickled value."""
    import pickle
    raw = bytes.fromhex(op["hex"])
    try:
        return {"data": int(raw)}
    except ValueError:
        return {"data": pickle.loads(raw)}


OPERATIONS = {f.__name__: f for f in
              (create, load, update, flush, cycle, encode, decode, clearsessions, migrate, sql, create_user,
               cache_key, pickle_dumps, pickle_loads)}


# A minimal site for the HTTP case: log in with Django's auth, ask who is logged in, log out.
def _views():
    from django.contrib import auth
    from django.http import HttpResponse, HttpResponseBadRequest

    def login(request):
        user = auth.authenticate(request, username=request.POST.get("username"),
                                 password=request.POST.get("password"))
        if user is None:
            return HttpResponseBadRequest("bad credentials")
        auth.login(request, user)
        return HttpResponse(user.get_username())

    def whoami(request):
        return HttpResponse(request.user.get_username() if request.user.is_authenticated else "anonymous")

    def logout(request):
        auth.logout(request)
        return HttpResponse("logged out")

    return login, whoami, logout


def _urlpatterns():
    from django.urls import path
    login, whoami, logout = _views()
    return [path("login", login), path("whoami", whoami), path("logout", logout)]


def serve(op):
    """Starts the site on a free loopback port in a background thread; answers the port."""
    import threading
    from wsgiref.simple_server import make_server, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    # ROOT_URLCONF is this module; Django reads its urlpatterns at the first request
    globals()["urlpatterns"] = _urlpatterns()
    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return {"port": server.server_port}


OPERATIONS["serve"] = serve


def main():
    configure(json.loads(sys.stdin.readline()))
    print(json.dumps({"ready": True, "django": __import__("django").get_version()}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        op = json.loads(line)
        try:
            with at(op):
                answer = OPERATIONS[op["op"]](op)
        except Exception as e:  # reported to the test, which fails with it
            answer = {"error": "%s: %s" % (type(e).__name__, e)}
        print(json.dumps(answer, default=str), flush=True)


if __name__ == "__main__":
    main()
