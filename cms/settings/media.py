"""Where uploaded media live: the local disk, or an S3-compatible bucket named by the environment.

Several app servers must see the same uploads: either all of them use one bucket (AWS_STORAGE_BUCKET_NAME), or
MEDIA_ROOT is a volume they share.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .env import env_int, env_str

ADDRESSING_STYLES = {"", "auto", "path", "virtual"}


def s3_storage() -> dict | None:
    """The STORAGES entry for media in the bucket AWS_STORAGE_BUCKET_NAME, or None when no bucket is named.

    Objects are private (no ACL is sent, so the bucket's own policy applies) and never overwritten: a second upload
    of the same name gets a new name. Links to them are signed and expire (AWS_QUERYSTRING_EXPIRE seconds), unless
    AWS_S3_CUSTOM_DOMAIN names a CDN or domain that serves the bucket itself; django-storages cannot sign those.
    Without AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY boto3 finds credentials itself (an instance or task role,
    its config files).
    """
    bucket = env_str("AWS_STORAGE_BUCKET_NAME").strip()
    if not bucket:
        return None
    addressing_style = env_str("AWS_S3_ADDRESSING_STYLE").strip()
    if addressing_style not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(f"AWS_S3_ADDRESSING_STYLE must be path, virtual or auto, got {addressing_style!r}")
    custom_domain = env_str("AWS_S3_CUSTOM_DOMAIN").strip()
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": _endpoint_url(),
            "region_name": env_str("AWS_S3_REGION_NAME").strip() or None,
            "access_key": env_str("AWS_ACCESS_KEY_ID").strip() or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY").strip() or None,
            "addressing_style": addressing_style or None,
            "custom_domain": custom_domain or None,
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": not custom_domain,
            "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 3600),
        },
    }


def media_origins() -> list[str]:
    """The origins media URLs point at when media are in a bucket, for the Content-Security-Policy's img-src.

    The exact hosts django-storages builds URLs with: the custom domain; or the endpoint (MinIO and the like), with
    the bucket in the path or, in virtual-hosted style, in the host name; or AWS's own host names for the bucket.
    With the default ("auto") addressing style boto3 picks one of the two, so both are listed.
    """
    storage = s3_storage()
    if storage is None:
        return []
    options = storage["OPTIONS"]
    if options["custom_domain"]:
        return [f"https://{options['custom_domain'].split('/')[0]}"]
    bucket = options["bucket_name"]
    if options["endpoint_url"]:
        endpoint = urlsplit(options["endpoint_url"])
        path_style = [f"{endpoint.scheme}://{endpoint.netloc}"]
        virtual_style = [f"{endpoint.scheme}://{bucket}.{endpoint.netloc}"]
    else:
        region = options["region_name"] or "us-east-1"
        path_style = [f"https://s3.{region}.amazonaws.com"]
        virtual_style = [f"https://{bucket}.s3.{region}.amazonaws.com", f"https://{bucket}.s3.amazonaws.com"]
    return {"path": path_style, "virtual": virtual_style}.get(options["addressing_style"], path_style + virtual_style)


def _endpoint_url() -> str | None:
    endpoint = env_str("AWS_S3_ENDPOINT_URL").strip()
    if not endpoint:
        return None
    parts = urlsplit(endpoint)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ImproperlyConfigured(f"AWS_S3_ENDPOINT_URL must be an http(s) URL, got {endpoint!r}")
    return endpoint
