"""A small HTTP endpoint for SNS deliveries (127.0.0.1, a free port), and the checks a real
subscriber makes: the signature, verified with the certificate at SigningCertURL."""
import base64
import http.server
import json
import queue
import threading
import urllib.request

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding


class Receiver:
    def __init__(self, port=0, status=200, tls=None):
        """`tls`: an ssl.SSLContext to serve https with."""
        self.posts = queue.Queue()
        self.status = status
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802 - the stdlib's name
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length).decode()
                status = receiver.status
                if 200 <= status < 300:
                    receiver.posts.put((dict(self.headers.items()), body, self.path))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        http.server.ThreadingHTTPServer.allow_reuse_address = True
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        scheme = "http"
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
            scheme = "https"
        self.url = f"{scheme}://127.0.0.1:{self.port}/sns/endpoint"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def get(self, timeout=15):
        return self.posts.get(timeout=timeout)

    def get_json(self, timeout=15):
        headers, body, _ = self.get(timeout)
        return headers, json.loads(body)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def string_to_sign(msg):
    if msg["Type"] == "Notification":
        keys = ["Message", "MessageId"] + (["Subject"] if "Subject" in msg else []) + [
            "Timestamp", "TopicArn", "Type"]
    else:
        keys = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"]
    return "".join(f"{k}\n{msg[k]}\n" for k in keys).encode()


def verify_signature(msg):
    """Raises when the message's signature does not verify with the served certificate."""
    pem = urllib.request.urlopen(msg["SigningCertURL"], timeout=10).read()
    cert = x509.load_pem_x509_certificate(pem)
    digest = hashes.SHA1() if msg["SignatureVersion"] == "1" else hashes.SHA256()
    cert.public_key().verify(base64.b64decode(msg["Signature"]), string_to_sign(msg),
                             padding.PKCS1v15(), digest)


def self_signed_tls(directory):
    """A key and self-signed certificate for 127.0.0.1 in `directory`: (server SSLContext, the
    certificate's path, to be trusted through SSL_CERT_FILE)."""
    import datetime
    import ipaddress
    import os
    import ssl

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path = os.path.join(directory, "endpoint.crt")
    key_path = os.path.join(directory, "endpoint.key")
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM,
                                  serialization.PrivateFormat.TraditionalOpenSSL,
                                  serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context, cert_path
