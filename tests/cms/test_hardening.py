import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image as PILImage
from wagtail.images import get_image_model


def png_bytes(width=20, height=20):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (10, 20, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("bildredaktor", "b@example.com", "pw")
    client.force_login(user)
    return user


def upload(client, name, content, content_type):
    return client.post("/admin/images/add/", {
        "title": name,
        "file": SimpleUploadedFile(name, content, content_type=content_type),
    })


@pytest.mark.django_db
class TestImageUploads:
    def test_a_png_is_accepted(self, client, editor):
        before = get_image_model().objects.count()
        response = upload(client, "ok.png", png_bytes(), "image/png")
        assert response.status_code == 302
        assert get_image_model().objects.count() == before + 1

    def test_svg_is_refused(self, client, editor):
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        response = upload(client, "x.svg", svg, "image/svg+xml")
        assert response.status_code == 200
        assert not get_image_model().objects.filter(title="x.svg").exists()

    def test_html_disguised_as_png_is_refused(self, client, editor):
        response = upload(client, "fake.png", b"<html><script>alert(1)</script></html>", "image/png")
        assert response.status_code == 200
        assert not get_image_model().objects.filter(title="fake.png").exists()

    @override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=100 * 100)
    def test_too_many_pixels_is_refused(self, client, editor):
        response = upload(client, "big.png", png_bytes(200, 200), "image/png")
        assert response.status_code == 200
        assert not get_image_model().objects.filter(title="big.png").exists()

    def test_too_many_bytes_is_refused(self, client, editor, settings):
        # A valid PNG padded past the limit (the form field reads the limit when the form class is built).
        heavy = png_bytes() + b"\0" * settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
        response = upload(client, "heavy.png", heavy, "image/png")
        assert response.status_code == 200
        assert not get_image_model().objects.filter(title="heavy.png").exists()


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_admin_login_is_limited_per_user_and_ip(client, django_user_model):
    django_user_model.objects.create_superuser("chef", "c@example.com", "ratt-losenord-123")
    for _ in range(3):
        response = client.post("/admin/login/", {"username": "chef", "password": "fel"}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert "För många inloggningsförsök" in response.content.decode()
    locked = client.post("/admin/login/", {"username": "chef", "password": "ratt-losenord-123"}, REMOTE_ADDR="10.0.0.1")
    assert locked.status_code == 429, "the right password does not open a locked pair"
    other_ip = client.post("/admin/login/", {"username": "chef", "password": "ratt-losenord-123"},
                           REMOTE_ADDR="10.0.0.2")
    assert other_ip.status_code == 302, "another address is not locked"


@pytest.mark.django_db
def test_security_headers(client):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
