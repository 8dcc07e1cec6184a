"""OpenAPI 3.1 description of Wagtail's v2 API at /api/v2/ (pages, images, documents), merged into /api/openapi.json.

Wagtail's API has no schema of its own. This one follows its source (wagtail/api/v2/views.py, filters.py,
serializers.py, pagination.py), blog.api (the network filter and field value checks) and cms.api_v2 (the
checked offset, id and search parameters). `fields` decides which properties an object carries (`fields=_`
leaves none, `fields=*` all, `hero_image(*)` widens a nested image), so object properties are typed but not
required; no object carries a property that is not listed here. tests/api/test_fuzz.py holds the API to it.
"""

from cms.api_v2 import MAX_INTEGER, SEARCH_OPERATORS

PAGE_TYPES = ("cms.HomePage", "blog.BlogIndexPage", "blog.BlogPostPage", "blog.NetworkIndexPage",
              "blog.NetworkProfilePage")
RICH_TEXT_FORMATS = ("db_html", "html", "db_markdown", "markdown")
LIMIT_MAX = 100  # WAGTAILAPI_LIMIT_MAX in cms/settings/base.py

STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
INTEGER = {"type": "integer"}
NULLABLE_INTEGER = {"type": ["integer", "null"]}
BOOLEAN = {"type": "boolean"}
STRINGS = {"type": "array", "items": STRING}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(name: str) -> dict:
    return {"anyOf": [ref(name), {"type": "null"}]}


def closed(properties: dict, required: tuple = (), **extra) -> dict:
    """An object with exactly these (typed) properties, of which `required` are always present."""
    schema = {"type": "object", "properties": properties, "additionalProperties": False, **extra}
    if required:
        schema["required"] = list(required)
    return schema


def block(block_type: str, value: dict) -> dict:
    return closed({"type": {"const": block_type}, "value": value, "id": STRING}, ("type", "value"))


def page_type(type_name: str, properties: dict) -> dict:
    """One page type as the API serialises it: the page fields every type has, then the type's api_fields."""
    meta = {"allOf": [ref("V2PageMeta"), {"properties": {"type": {"const": type_name}}}]}
    return closed({"id": INTEGER, "meta": meta, "title": STRING, **properties}, description=type_name)


def item_meta(*properties: str) -> dict:
    available = {"type": STRING, "detail_url": {"type": "string", "format": "uri"}, "tags": STRINGS,
                 "download_url": STRING}
    return closed({name: available[name] for name in properties})


RENDITION = closed({"url": STRING, "full_url": STRING, "width": INTEGER, "height": INTEGER, "alt": STRING},
                   ("url", "full_url", "width", "height", "alt"))
RENDITION_ERROR = closed({"error": {"const": "SourceImageIOError"}}, ("error",),
                         description="The original image file could not be read.")

SCHEMAS = {
    "V2Error": closed({"message": STRING}, ("message",)),
    "V2Image": closed({"id": INTEGER, "meta": item_meta("type", "detail_url", "tags", "download_url"),
                       "title": STRING, "width": INTEGER, "height": INTEGER}),
    "V2Document": closed({"id": INTEGER, "meta": item_meta("type", "detail_url", "tags", "download_url"),
                          "title": STRING}),
    "V2Rendition": {"anyOf": [RENDITION, RENDITION_ERROR, {"type": "null"}]},
    "V2PageReference": closed({
        "id": INTEGER,
        "meta": closed({"type": STRING, "detail_url": {"type": "string", "format": "uri"}, "html_url": NULLABLE_STRING},
                       ("type", "detail_url", "html_url")),
        "title": STRING,
    }, ("id", "meta", "title")),
    "V2PageMeta": closed({
        "type": {"enum": list(PAGE_TYPES)},
        "detail_url": {"type": "string", "format": "uri"},
        "html_url": {**NULLABLE_STRING, "description": "The page on the site; null when no site serves it."},
        "slug": STRING,
        "show_in_menus": BOOLEAN,
        "seo_title": STRING,
        "search_description": STRING,
        "first_published_at": {"type": ["string", "null"], "format": "date-time"},
        "alias_of": nullable("V2PageReference"),
        "parent": {**nullable("V2PageReference"), "description": "Detail view only; null for the site's root."},
        "locale": STRING,
    }),
    "V2BodyBlock": {"oneOf": [
        block("paragraph", {**STRING, "description": "Rich text (see rich_text_format)"}),
        block("image", closed({"image": {**NULLABLE_INTEGER, "description": "Image id (/api/v2/images/<id>/)"},
                               "alt_text": STRING, "caption": NULLABLE_STRING})),
        block("quote", closed({"text": STRING, "attribution": NULLABLE_STRING})),
        block("bullet_list", STRINGS),
        block("read_more", closed({"text": STRING, "page": {**NULLABLE_INTEGER, "description": "Page id"},
                                   "url": NULLABLE_STRING})),
    ]},
    "V2NetworkSummary": closed({"id": INTEGER, "title": STRING, "slug": STRING, "acronym": STRING},
                               ("id", "title", "slug", "acronym")),
    "V2Author": closed({"name": STRING, "role": STRING}, ("name", "role")),
    "V2NetworkMember": closed({"id": INTEGER, "meta": closed({"type": {"const": "blog.NetworkMember"}}),
                               "organisation": STRING, "website": STRING}),
    "V2NetworkProject": closed({"id": INTEGER, "meta": closed({"type": {"const": "blog.NetworkProject"}}),
                                "name": STRING, "year": NULLABLE_INTEGER, "description": STRING, "link": STRING}),
    "V2HomePage": page_type("cms.HomePage", {"intro": STRING}),
    "V2BlogIndexPage": page_type("blog.BlogIndexPage", {"presentation_heading": STRING, "presentation": STRING}),
    "V2BlogPostPage": page_type("blog.BlogPostPage", {
        "date": {"type": "string", "format": "date"},
        "byline": {**STRING, "description": "The author's name, or the blog's when the post is unsigned."},
        "author": nullable("V2Author"),
        "lead": STRING,
        "hero_image": nullable("V2Image"),
        "hero_alt": STRING,
        "hero_image_rendition": {**ref("V2Rendition"), "description": "1200×630 WebP"},
        "body": {"type": "array", "items": ref("V2BodyBlock")},
        "body_html": {**STRING, "description": "The body rendered as HTML"},
        "tags": STRINGS,
        "networks": {"type": "array", "items": ref("V2NetworkSummary"), "description": "Published networks only"},
        "allow_comments": BOOLEAN,
        "comment_count": {"type": "integer", "minimum": 0, "description": "Approved comments only"},
    }),
    "V2NetworkIndexPage": page_type("blog.NetworkIndexPage", {"intro": STRING}),
    "V2NetworkProfilePage": page_type("blog.NetworkProfilePage", {
        "acronym": STRING,
        "description": {**STRING, "description": "Rich text (see rich_text_format)"},
        "sector": STRING,
        "organisation": STRING,
        "financing": STRING,
        "mandate": STRING,
        "contact_person": STRING,
        "website": STRING,
        "logo": nullable("V2Image"),
        "logo_rendition": {**ref("V2Rendition"), "description": "At most 400×200, WebP"},
        "founded_year": NULLABLE_INTEGER,
        "members": {"type": "array", "items": ref("V2NetworkMember")},
        "projects": {"type": "array", "items": ref("V2NetworkProject")},
    }),
    "V2Page": {"anyOf": [ref(name) for name in (
        "V2HomePage", "V2BlogIndexPage", "V2BlogPostPage", "V2NetworkIndexPage", "V2NetworkProfilePage")]},
}


def listing(item: str) -> dict:
    return closed({"meta": closed({"total_count": {"type": "integer", "minimum": 0}}, ("total_count",)),
                   "items": {"type": "array", "items": ref(item)}}, ("meta", "items"))


for _name, _item in (("V2PageListing", "V2Page"), ("V2ImageListing", "V2Image"), ("V2DocumentListing", "V2Document")):
    SCHEMAS[_name] = listing(_item)


def query(name: str, schema: dict, description: str) -> dict:
    return {"in": "query", "name": name, "required": False, "schema": schema, "description": description}


NON_NEGATIVE = {"type": "integer", "minimum": 0, "maximum": MAX_INTEGER}
PAGE_OR_ROOT = {"anyOf": [NON_NEGATIVE, {"const": "root"}]}

FIELDS = query("fields", STRING, "Fields to include: `title,date`; `*` all, `_` none, `-title` without, nested "
                                 "`hero_image(*)`. Unknown fields give 400.")
PAGINATION = [
    query("limit", {"type": "integer", "minimum": 0, "maximum": LIMIT_MAX}, "Items per answer (default 20)"),
    query("offset", NON_NEGATIVE, "Items to skip"),
]
SEARCH = [
    query("search", STRING, "Full-text search (Wagtail's search backend); not together with a tag filter"),
    query("search_operator", {"enum": list(SEARCH_OPERATORS)}, "How search terms combine"),
]


def order(fields: tuple) -> dict:
    return query("order", STRING, "Sort by fields, comma-separated, `-` for descending, or `random` (not with "
                                  f"offset), e.g. `-date,title`. Fields: {', '.join(fields)}.")


PAGE_FILTERS = [
    query("id", INTEGER, "Field filter: page id"),
    query("title", STRING, "Field filter: exact title"),
    query("slug", STRING, "Field filter: exact slug"),
    query("date", {"type": "string", "format": "date"}, "Post filter (type=blog.BlogPostPage): publication date"),
    query("author", INTEGER, "Post filter (type=blog.BlogPostPage): Author snippet id"),
    query("lead", STRING, "Post filter (type=blog.BlogPostPage): exact lead"),
    query("hero_image", INTEGER, "Post filter (type=blog.BlogPostPage): image id"),
    query("hero_alt", STRING, "Post filter (type=blog.BlogPostPage): exact alt text"),
    query("tags", STRING, "Post filter (type=blog.BlogPostPage): tag names, comma-separated, all must match"),
    query("allow_comments", BOOLEAN, "Post filter (type=blog.BlogPostPage)"),
    query("network", STRING, "Post filter (type=blog.BlogPostPage): a network's slug, acronym or id"),
    query("acronym", STRING, "Profile filter (type=blog.NetworkProfilePage): exact acronym"),
    query("founded_year", INTEGER, "Profile filter (type=blog.NetworkProfilePage)"),
]
PAGE_LISTING_PARAMETERS = [
    query("type", STRING, "Page types, comma-separated (`blog.BlogPostPage`). One type makes its fields available "
                          f"to `fields`, `order` and the field filters. Types: {', '.join(PAGE_TYPES)}."),
    FIELDS,
    order(("id", "title", "slug", "first_published_at", "and the type's database fields (date, …)")),
    *PAGINATION,
    *SEARCH,
    query("child_of", PAGE_OR_ROOT, "Only children of this page id (`root`: the site's root page)"),
    query("ancestor_of", NON_NEGATIVE, "Only ancestors of this page id"),
    query("descendant_of", PAGE_OR_ROOT, "Only descendants of this page id (`root`: the site's root page); "
                                         "not together with child_of"),
    query("translation_of", PAGE_OR_ROOT, "Only translations of this page id"),
    query("locale", STRING, "Only pages in this locale (`sv`); an unknown locale gives 404"),
    query("site", STRING, "Pages of the site with this hostname[:port]; an unknown site gives 404"),
    query("rich_text_format", {"enum": list(RICH_TEXT_FORMATS)}, "Format of rich text fields (default db_html)"),
    *PAGE_FILTERS,
]
DETAIL_PARAMETERS = [FIELDS]
PAGE_DETAIL_PARAMETERS = [
    FIELDS, query("rich_text_format", {"enum": list(RICH_TEXT_FORMATS)}, "Format of rich text fields"),
]


def collection_parameters(filters: dict, order_fields: tuple) -> list:
    return [FIELDS, order(order_fields), *PAGINATION, *SEARCH,
            *(query(name, schema, "Field filter") for name, schema in filters.items())]


IMAGE_LISTING_PARAMETERS = collection_parameters(
    {"id": INTEGER, "title": STRING, "width": INTEGER, "height": INTEGER, "tags": STRING},
    ("id", "title", "width", "height"))
DOCUMENT_LISTING_PARAMETERS = collection_parameters({"id": INTEGER, "title": STRING, "tags": STRING}, ("id", "title"))


def json_response(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


BAD_REQUEST = json_response("A malformed or unknown parameter; `message` says which", ref("V2Error"))
NOT_FOUND = json_response("Not found (or not public)", ref("V2Error"))
ID_PATH = {"in": "path", "name": "id", "required": True, "schema": {"type": "integer", "minimum": 0}}
REDIRECT = {
    "description": "Found: redirects to the detail URL, keeping the other query parameters",
    "headers": {"Location": {"required": True, "schema": {"type": "string", "format": "uri"}}},
}


def endpoint(prefix: str, name: str, noun: str, listing_schema: str, item_schema: str, listing_parameters: list,
             detail_parameters: list, find_parameters: list, listing_not_found: bool = False) -> dict:
    tags = ["Wagtail API v2"]
    listing_responses = {"200": json_response("OK", ref(listing_schema)), "400": BAD_REQUEST}
    if listing_not_found:
        listing_responses["404"] = json_response("The locale or site asked for does not exist", ref("V2Error"))
    return {
        f"{prefix}{name}/": {"get": {
            "operationId": f"v2_{name}_listing", "summary": f"List {noun}", "tags": tags,
            "parameters": listing_parameters,
            "responses": listing_responses,
        }},
        f"{prefix}{name}/{{id}}/": {"get": {
            "operationId": f"v2_{name}_detail", "summary": f"One of the {noun}", "tags": tags,
            "parameters": [ID_PATH, *detail_parameters],
            "responses": {"200": json_response("OK", ref(item_schema)), "400": BAD_REQUEST, "404": NOT_FOUND},
        }},
        f"{prefix}{name}/find/": {"get": {
            "operationId": f"v2_{name}_find", "summary": f"Find one of the {noun}", "tags": tags,
            "parameters": find_parameters,
            "responses": {"302": REDIRECT, "400": BAD_REQUEST, "404": NOT_FOUND},
        }},
    }


FIND_BY_ID = query("id", NON_NEGATIVE, "The id")


def paths(prefix: str) -> dict:
    """The v2 operations, for the router mounted at `prefix` (/api/v2/)."""
    return {
        **endpoint(prefix, "pages", "published, public pages", "V2PageListing", "V2Page", PAGE_LISTING_PARAMETERS,
                   PAGE_DETAIL_PARAMETERS,
                   [FIND_BY_ID, query("html_path", STRING, "The page's path on the site, e.g. `/blogg/`"),
                    query("type", STRING, "Page types, comma-separated, to look among")],
                   listing_not_found=True),
        **endpoint(prefix, "images", "images", "V2ImageListing", "V2Image", IMAGE_LISTING_PARAMETERS, DETAIL_PARAMETERS,
                   [FIND_BY_ID]),
        **endpoint(prefix, "documents", "documents", "V2DocumentListing", "V2Document", DOCUMENT_LISTING_PARAMETERS,
                   DETAIL_PARAMETERS, [FIND_BY_ID]),
    }


def add_to(schema: dict, *, prefix: str) -> dict:
    """Adds the v2 paths and their component schemas to an OpenAPI document (ninja's), which it returns."""
    schema["paths"].update(paths(prefix))
    schema.setdefault("components", {}).setdefault("schemas", {}).update(SCHEMAS)
    schema.setdefault("tags", []).append({
        "name": "Wagtail API v2",
        "description": "Wagtail's read API for posts, network profiles, images and documents (headless front ends).",
    })
    return schema
