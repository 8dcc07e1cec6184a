"""Media storage chosen by the environment: the local disk, or an S3-compatible bucket (settings and a round trip)."""

import os
import shutil
import sys
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.cms.test_security_headers import settings_from_env
from tests.cms.test_settings import GOOD_KEY, manage

STORAGE = """
import json
from django.conf import settings
print(json.dumps({"default": settings.STORAGES["default"], "staticfiles": settings.STORAGES["staticfiles"],
                  "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
                  "admin_img_src": settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]["img-src"]}))
"""


def test_without_a_bucket_media_stay_on_the_local_disk():
    answer = settings_from_env(STORAGE)
    assert answer["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert answer["img_src"] == ["'self'", "data:"]


def test_s3_compatible_service_with_keys():
    answer = settings_from_env(
        STORAGE, AWS_STORAGE_BUCKET_NAME="dialog-media", AWS_S3_ENDPOINT_URL="https://minio.example.se:9000",
        AWS_S3_REGION_NAME="eu-north-1", AWS_ACCESS_KEY_ID="nyckel", AWS_SECRET_ACCESS_KEY="hemlig",
        AWS_S3_ADDRESSING_STYLE="path",
    )
    assert answer["default"] == {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": "dialog-media", "endpoint_url": "https://minio.example.se:9000", "region_name": "eu-north-1",
        "access_key": "nyckel", "secret_key": "hemlig", "addressing_style": "path", "custom_domain": None,
        "default_acl": None, "file_overwrite": False, "querystring_auth": True, "querystring_expire": 3600,
    }}
    assert answer["staticfiles"]["BACKEND"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert answer["img_src"] == ["'self'", "data:", "https://minio.example.se:9000"]
    assert answer["admin_img_src"] == ["'self'", "data:", "https://minio.example.se:9000", "blob:"]


def test_aws_with_an_instance_role():
    answer = settings_from_env(STORAGE, AWS_STORAGE_BUCKET_NAME="dialog-media", AWS_S3_REGION_NAME="eu-north-1")
    options = answer["default"]["OPTIONS"]
    assert options["access_key"] is None and options["secret_key"] is None, "boto3 finds the role's credentials"
    assert options["endpoint_url"] is None
    assert answer["img_src"] == ["'self'", "data:", "https://s3.eu-north-1.amazonaws.com",
                                 "https://dialog-media.s3.eu-north-1.amazonaws.com",
                                 "https://dialog-media.s3.amazonaws.com"]


def test_custom_domain_serves_unsigned_urls():
    answer = settings_from_env(STORAGE, AWS_STORAGE_BUCKET_NAME="dialog-media",
                               AWS_S3_CUSTOM_DOMAIN="media.dialog.example.se", AWS_QUERYSTRING_EXPIRE="600")
    options = answer["default"]["OPTIONS"]
    assert options["custom_domain"] == "media.dialog.example.se"
    assert options["querystring_auth"] is False
    assert options["default_acl"] is None
    assert answer["img_src"] == ["'self'", "data:", "https://media.dialog.example.se"]


def test_production_settings_keep_the_bucket_and_pass_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=GOOD_KEY,
                    ALLOWED_HOSTS="dialog.example.se", AWS_STORAGE_BUCKET_NAME="dialog-media",
                    AWS_S3_REGION_NAME="eu-north-1")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("env, message", [
    ({"AWS_S3_ADDRESSING_STYLE": "sideways"}, "AWS_S3_ADDRESSING_STYLE must be path, virtual or auto"),
    ({"AWS_S3_ENDPOINT_URL": "minio:9000"}, "AWS_S3_ENDPOINT_URL must be an http(s) URL"),
    ({"AWS_QUERYSTRING_EXPIRE": "en timme"}, "AWS_QUERYSTRING_EXPIRE must be an integer"),
])
def test_malformed_values_fail_loudly(env, message):
    result = manage("check", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="dialog.example.se",
                    AWS_STORAGE_BUCKET_NAME="dialog-media", **env)
    assert result.returncode != 0
    assert message in result.stderr


# --- a round trip through a real S3-compatible server -------------------------------------------------------------

def _moto_server() -> Path | None:
    """The moto_server of this virtualenv (requirements.txt), else one named by MOTO_SERVER or on PATH."""
    beside = Path(sys.executable).parent / "moto_server"
    found = os.environ.get("MOTO_SERVER") or (str(beside) if beside.exists() else shutil.which("moto_server"))
    return Path(found) if found else None


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's standalone S3 server (an S3 API over HTTP), started on a free port; boto3 talks to it as to any S3."""
    binary = _moto_server()
    if binary is None:
        message = "moto_server is not installed (pip install 'moto[server]'); the S3 round trip needs it"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(binary), "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("moto_server did not start", pytrace=False)
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


ROUND_TRIP = """
import json, urllib.error, urllib.request
from urllib.parse import urlsplit
import boto3
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

options = settings.STORAGES["default"]["OPTIONS"]
s3 = boto3.client("s3", endpoint_url=options["endpoint_url"], region_name=options["region_name"],
                  aws_access_key_id=options["access_key"], aws_secret_access_key=options["secret_key"])
s3.create_bucket(Bucket=options["bucket_name"], CreateBucketConfiguration={"LocationConstraint": options["region_name"]})

first = default_storage.save("original_images/natverk.png", ContentFile(b"first upload"))
second = default_storage.save("original_images/natverk.png", ContentFile(b"second upload"))
url = default_storage.url(first)
with urllib.request.urlopen(url) as response:
    fetched = response.read()
try:
    urllib.request.urlopen(url.split("?")[0])
    anonymous = 200
except urllib.error.HTTPError as error:
    anonymous = error.code
head = s3.head_object(Bucket=options["bucket_name"], Key=first)
acl = s3.get_object_acl(Bucket=options["bucket_name"], Key=first)
with default_storage.open(second) as stored:
    second_content = stored.read()
default_storage.delete(first)
print(json.dumps({
    "first": first, "second": second, "fetched": fetched.decode(), "second_content": second_content.decode(),
    "signed": "X-Amz-Signature=" in url, "origin": "{0.scheme}://{0.netloc}".format(urlsplit(url)),
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"], "anonymous": anonymous,
    "public_grants": [g for g in acl["Grants"] if g["Grantee"].get("URI", "").endswith("AllUsers")],
    "exists_after_delete": default_storage.exists(first), "size": head["ContentLength"],
}))
"""


def test_round_trip_through_an_s3_compatible_server(s3_endpoint):
    answer = settings_from_env(
        ROUND_TRIP, AWS_STORAGE_BUCKET_NAME="dialog-media", AWS_S3_ENDPOINT_URL=s3_endpoint,
        AWS_S3_REGION_NAME="eu-north-1", AWS_ACCESS_KEY_ID="testnyckel", AWS_SECRET_ACCESS_KEY="testhemlighet",
        AWS_S3_ADDRESSING_STYLE="path",
    )
    assert answer["first"] == "original_images/natverk.png"
    assert answer["second"] != answer["first"], "a second upload of the same name must not overwrite the first"
    assert answer["second_content"] == "second upload"
    assert answer["fetched"] == "first upload" and answer["size"] == len("first upload")
    assert answer["signed"], "media URLs are signed when no custom domain serves the bucket"
    assert answer["origin"] == s3_endpoint and s3_endpoint in answer["img_src"]
    assert answer["public_grants"] == [], "objects are stored without a public ACL"
    assert answer["anonymous"] == 403, "an unsigned URL is refused"
    assert answer["exists_after_delete"] is False
