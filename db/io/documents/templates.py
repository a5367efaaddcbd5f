"""An office's own layout of a document, uploaded in 系统管理 (admins), treated as hostile until
checked, in this order, each refusal in Chinese and nothing stored:

1. the file: not empty, at most MAX_BYTES, a .docx by content (a zip whose manifest declares a
   Word document: an executable or anything renamed .docx is refused), no macros (.docm, a
   vbaProject part);
2. the zip's directory (db.core.uploads.check_zip_members, nothing inflated): ZIP_LIMITS;
3. its placeholders: every {{ }} and {% %} must parse (a broken one is named), every name must
   be a field of that kind of document (an unknown one is named: db.io.documents.fields);
4. it is filled with a sample case (db.io.documents.fields.sample_context) in the sandbox, and
   the result must open as a Word document.

Accepted templates are kept in document_templates (migration 0018) for the county (the root of
the unit tree), every upload a row; the newest active one is used, else the built-in layout.
Uploading and switching back to the built-in layout are audited."""

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime

from docx import Document
from docxtpl import DocxTemplate
from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError, meta, nodes
from jinja2.sandbox import SecurityError
from sqlmodel import Session, col, select, update

from db import texts
from db.core import audit
from db.core.actor import Actor
from db.core.errors import Invalid
from db.core.permissions import Permission, require
from db.core.uploads import MB, FileRefused, ZipLimits, check_size, check_zip_members
from db.core.validation import short_text
from db.enums import AuditAction
from db.io.documents.fields import FIELDS, sample_context
from db.io.documents.layout import KINDS, builtin_template
from db.io.documents.render import render_docx, sandbox
from db.models import DocumentTemplate, User

MAX_BYTES = 5 * MB
ZIP_LIMITS = ZipLimits(
    max_parts=300,
    max_part_bytes=10 * MB,
    max_total_bytes=40 * MB,
    max_ratio=100,
    ratio_from_bytes=1 * MB,
    part_limits=(("?content_types?.xml", 1 * MB), ("*.rels", 1 * MB), ("word/*.xml", 10 * MB)),
)
WORD_TYPES = (
    "wordprocessingml.document.main+xml",
    "wordprocessingml.template.main+xml",
)
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_UNDEFINED = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


def county_of(actor: Actor) -> int:
    """The root of the actor's unit tree: the county whose templates apply."""
    return int(actor.unit_path.strip("/").split("/")[0])


def _check_container(data: bytes) -> None:
    check_size(len(data), max_bytes=MAX_BYTES)
    if data[:4] != b"PK\x03\x04":
        raise FileRefused(texts.E_TPL_NOT_DOCX)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            check_zip_members(infos, ZIP_LIMITS)
            if any(i.filename.lower().endswith("vbaproject.bin") for i in infos):
                raise FileRefused(texts.E_TPL_MACRO)
            manifest = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError):
        raise FileRefused(texts.E_TPL_NOT_DOCX) from None
    if "macroEnabled" in manifest:
        raise FileRefused(texts.E_TPL_MACRO)
    if not any(kind in manifest for kind in WORD_TYPES):
        raise FileRefused(texts.E_TPL_NOT_DOCX)


def _template_xml(template: DocxTemplate) -> str:
    """What docxtpl gives Jinja (runs joined inside placeholders): the body, headers, footers."""
    document = template.docx
    parts = [template.xml_to_string(document._element.body)]
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        parts += [template.get_part_xml(part) for _key, part in template.get_headers_footers(uri)]
    return "".join(template.patch_xml(xml) for xml in parts)


def _check_statements(tree: nodes.Template) -> None:
    """The only loop is over the parties, and no loop is inside another: filling a template
    stays as cheap as the document is long (a nested loop over the terms' characters would not)."""
    for loop in tree.find_all(nodes.For):
        if not isinstance(loop.iter, nodes.Name) or loop.iter.name != "parties":
            raise Invalid(texts.E_TPL_LOOP)
        if any(True for _inner in loop.find_all(nodes.For)):
            raise Invalid(texts.E_TPL_LOOP)
    if any(
        True for _ in tree.find_all((nodes.Macro, nodes.CallBlock, nodes.Import, nodes.Include))
    ):
        raise Invalid(texts.E_TPL_LOOP)


def _broken_tag(text: str, error: TemplateSyntaxError) -> str:
    """The placeholder a syntax error is in: the first that does not compile alone, an opening
    without its closing, or else Jinja's own words."""
    env = sandbox(autoescape=True)
    for match in _TAG.finditer(text):
        if match.group().startswith("{{"):
            try:
                env.from_string(match.group())
            except TemplateSyntaxError:
                return match.group()
    for opening, closing in (("{{", "}}"), ("{%", "%}")):
        for match in re.finditer(re.escape(opening), text):
            rest = text[match.end() :]
            end, following = rest.find(closing), rest.find(opening)
            if end < 0 or 0 <= following < end:
                return text[match.start() : match.start() + 30]
    return error.message or str(error)


def check_template(data: bytes, *, kind: str) -> None:
    """Steps 1 to 4 above; returns when the template may be stored."""
    _check_container(data)
    try:
        template = DocxTemplate(io.BytesIO(data))
        template.init_docx()
        xml = _template_xml(template)
    except FileRefused:
        raise
    except Exception:  # python-docx or lxml could not read it as a Word document
        raise FileRefused(texts.E_TPL_NOT_DOCX) from None
    text = re.sub(r"<[^>]+>", "", xml)
    try:
        tree = sandbox(autoescape=True).parse(xml)
    except TemplateSyntaxError as error:
        raise Invalid(texts.E_TPL_BROKEN.format(name=_broken_tag(text, error))) from None
    _check_statements(tree)
    names = meta.find_undeclared_variables(tree)
    if not _TAG.search(text):
        raise Invalid(texts.E_TPL_NO_FIELD)
    unknown = sorted(names - set(FIELDS[kind]))
    if unknown:
        named = "、".join(f"{{{{ {name} }}}}" for name in unknown)
        raise Invalid(texts.E_TPL_UNKNOWN_FIELD.format(name=named))
    try:
        Document(io.BytesIO(render_docx(data, sample_context(kind))))
    except UndefinedError as error:
        found = _UNDEFINED.search(str(error))
        name = next((g for g in found.groups() if g), "") if found else str(error)
        raise Invalid(texts.E_TPL_UNKNOWN_FIELD.format(name=name)) from None
    except TemplateSyntaxError as error:
        raise Invalid(texts.E_TPL_BROKEN.format(name=_broken_tag(text, error))) from None
    except (TemplateError, SecurityError) as error:
        raise Invalid(texts.E_TPL_RENDER.format(error=str(error)[:200])) from None
    except Exception as error:  # the filled XML is no Word document
        raise Invalid(texts.E_TPL_RENDER.format(error=type(error).__name__)) from None


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown document kind {kind!r}")
    return kind


def upload_template(
    session: Session, *, actor: Actor, kind: str, data: bytes, file_name: str
) -> DocumentTemplate:
    """Check the template and make it the county's layout of `kind`; audited; commits."""
    require(actor.role, Permission.MANAGE_TEMPLATES)
    name = short_text(file_name, limit=200) or "template.docx"
    check_template(data, kind=_kind(kind))
    row = DocumentTemplate(
        kind=kind,
        county_id=county_of(actor),
        file_name=name,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by_id=actor.id,
    )
    session.add(row)
    detail = texts.TPL_AUDIT_UPLOAD.format(kind=texts.DOC_KINDS[kind], name=name, size=len(data))
    audit.record(
        session, actor=actor, action=AuditAction.UPDATE, target=f"template:{kind}", detail=detail
    )
    session.commit()
    session.refresh(row)
    return row


def use_builtin(session: Session, *, actor: Actor, kind: str) -> None:
    """Back to the built-in layout of `kind` (the uploaded ones are kept, inactive); audited."""
    require(actor.role, Permission.MANAGE_TEMPLATES)
    session.exec(  # type: ignore[call-overload]
        update(DocumentTemplate)
        .where(col(DocumentTemplate.county_id) == county_of(actor))
        .where(col(DocumentTemplate.kind) == _kind(kind))
        .values(active=False)
    )
    audit.record(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        target=f"template:{kind}",
        detail=texts.TPL_AUDIT_BUILTIN.format(kind=texts.DOC_KINDS[kind]),
    )
    session.commit()


@dataclass(frozen=True)
class InUse:
    """The county's own template of a kind: its name, who uploaded it and when."""

    file_name: str
    uploaded_by: str
    uploaded_at: datetime


def _current(session: Session, county_id: int, kind: str) -> DocumentTemplate | None:
    query = (
        select(DocumentTemplate)
        .where(DocumentTemplate.county_id == county_id)
        .where(DocumentTemplate.kind == _kind(kind))
        .where(col(DocumentTemplate.active).is_(True))
        .order_by(col(DocumentTemplate.id).desc())
        .limit(1)
    )
    return session.exec(query).first()


def in_use(session: Session, *, actor: Actor, kind: str) -> InUse | None:
    """The county's own template of `kind`, or None while the built-in layout is used."""
    row = _current(session, county_of(actor), kind)
    if row is None:
        return None
    user = session.get(User, row.uploaded_by_id)
    return InUse(row.file_name, user.display_name if user else "", row.uploaded_at)


def template_for(session: Session, *, county_id: int, kind: str) -> bytes:
    """The template a document of `kind` is made with: the county's own, else the built-in."""
    row = _current(session, county_id, kind)
    return row.data if row is not None else builtin_template(kind)
