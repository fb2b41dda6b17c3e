#!/usr/bin/env python3
"""Capture legion announces from a real uWSGI 2.0 and decode them independently (openssl enc + own parser).

Usage: capture.py CIPHER SECRET [IV]   -> prints JSON lines: {"desc","hex","fields","stats"}
"""
import json, os, signal, socket, struct, subprocess, sys, tempfile, time

KEY_IV = {"aes-128-cbc": (16, 16), "aes-192-cbc": (24, 16), "aes-256-cbc": (32, 16), "bf-cbc": (16, 8),
          "des-ede3-cbc": (24, 8), "camellia-128-cbc": (16, 16), "camellia-192-cbc": (24, 16),
          "camellia-256-cbc": (32, 16), "cast5-cbc": (16, 8)}
LEGACY = {"bf-cbc", "cast5-cbc"}
OSSL = """openssl_conf = openssl_init
[openssl_init]
providers = provider_sect
[provider_sect]
default = default_sect
legacy = legacy_sect
[default_sect]
activate = 1
[legacy_sect]
activate = 1
"""

def free_port(kind):
    s = socket.socket(socket.AF_INET, kind)
    s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def decrypt(cipher, secret, iv, body, conf):
    klen, ivlen = KEY_IV[cipher]
    key = secret.encode()[:klen].ljust(klen, b"\0")
    ivb = (iv or "").encode()[:ivlen].ljust(ivlen, b"0")
    env = dict(os.environ, OPENSSL_CONF=conf)
    out = subprocess.run(["openssl", "enc", "-d", "-" + cipher, "-K", key.hex(), "-iv", ivb.hex()],
                         input=body, capture_output=True, env=env)
    if out.returncode != 0:
        raise SystemExit("openssl failed: " + out.stderr.decode())
    return out.stdout

def parse_vars(plain):
    fields, i = [], 0
    while i < len(plain):
        kl = struct.unpack_from("<H", plain, i)[0]; i += 2
        k = plain[i:i + kl].decode(); i += kl
        vl = struct.unpack_from("<H", plain, i)[0]; i += 2
        v = plain[i:i + vl]; i += vl
        fields.append((k, v))
    return fields

def stats(port):
    with socket.create_connection(("127.0.0.1", port), timeout=2) as c:
        data = b""
        while True:
            chunk = c.recv(65536)
            if not chunk: break
            data += chunk
    return json.loads(data)

def main():
    cipher, secret = sys.argv[1], sys.argv[2]
    iv = sys.argv[3] if len(sys.argv) > 3 else None
    d = tempfile.mkdtemp()
    conf = os.path.join(d, "openssl.cnf"); open(conf, "w").write(OSSL)
    pa, pb, ps = free_port(socket.SOCK_DGRAM), free_port(socket.SOCK_DGRAM), free_port(socket.SOCK_STREAM)
    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); rx.bind(("127.0.0.1", pb)); rx.settimeout(10)
    decl = f"gold 127.0.0.1:{pa} 77 {cipher}:{secret}" + (f" {iv}" if iv else "")
    p = subprocess.Popen(["uwsgi", "--master", "--die-on-term", "--legion", decl, "--legion-node", f"gold 127.0.0.1:{pb}",
                          "--legion-freq", "1", "--legion-scroll", "gold hello-scroll", "--stats", f"127.0.0.1:{ps}"],
                         env=dict(os.environ, OPENSSL_CONF=conf), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = []
    try:
        first = rx.recv(65535)
        out.append(("first announce, before the first election round (no candidate yet)", first))
        while True:
            dg = rx.recv(65535)
            f = dict(parse_vars(decrypt(cipher, secret, iv, dg[4:], conf)))
            if f["lord"] != b"0":
                out.append(("announce right after it became Lord", dg)); break
        st = stats(ps)
        p.send_signal(signal.SIGTERM)
        while True:
            dg = rx.recv(65535)
            f = dict(parse_vars(decrypt(cipher, secret, iv, dg[4:], conf)))
            if "dead" in f:
                out.append(("death announce on SIGTERM", dg)); break
    finally:
        p.kill(); p.wait()
    for desc, dg in out:
        plain = decrypt(cipher, secret, iv, dg[4:], conf)
        assert dg[0] == 109 and struct.unpack_from("<H", dg, 1)[0] == len(plain) and dg[3] == 0
        fields = {k: v.hex() if k == "lord_uuid" and v == b"\0" * 36 else v.decode() for k, v in parse_vars(plain)}
        leg = st["legions"][0]
        print(json.dumps({"cipher": cipher, "secret": secret, "iv": iv, "desc": desc, "hex": dg.hex(), "fields": fields,
                          "stats": {k: leg[k] for k in ("uuid", "valor", "checksum", "i_am_the_lord", "lord_uuid")}, "pid": st["pid"]}))

main()
