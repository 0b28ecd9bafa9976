"""The studio's archive bundle (seed 004 §五 重要资料附录), built as the party archive's is: a zip holding a PDF index,
every original file under a readable name, manifest.json (each file's SHA-256, size and original name) and
SHA256SUMS (``sha256sum -c SHA256SUMS`` checks the files). The PDF's parts follow the seed's list: the founding
ceremony, the members and their duties, the signed agreements, the development plans, the activities with their
photos, the certificates; then the reports and evaluations. Local times, labels (never codes).

The PDF and zip primitives are the party bundle's (workflows.party.bundle.pdf and .archive): the same font, page
furniture, tables and verified copying (a stored file that no longer matches its SHA-256 refuses the bundle with
``attachment_corrupted``)."""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.platypus import PageBreak, Spacer, TableStyle
from reportlab.platypus.doctemplate import PageTemplate
from reportlab.platypus.frames import Frame
from reportlab.platypus.tableofcontents import TableOfContents

from audit.services import audit_record
from core.dates import business_today
from forms.models import Attachment
from programmes.studios import selectors
from programmes.studios.models import FileKind, Studio, StudioRole
from workflows.kit.pdf_font import pdf_font
from workflows.party.bundle.archive import _UNSAFE, _copy_verified, _file_name
from workflows.party.bundle.contents import Entry, Section
from workflows.party.bundle.pdf import (
    CELLS,
    CONTENTS,
    HEADING,
    MARGIN,
    SMALL,
    TITLE,
    WIDTH,
    _canvas_class,
    _Document,
    _files_table,
    _rows,
    _section,
    _text,
)

EXPORT_ACTION = "archive_bundle_export"


@dataclass
class BundleFile:
    """One original file of the studio (named as uploaded), and the part of the archive it belongs to."""

    sha256: str
    name: str
    part: str
    attachment: Attachment


@dataclass(frozen=True)
class StudioBundle:
    filename: str
    body: bytes
    files: list[dict]


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


def _term(school_year: int, term: int | None) -> str:
    year = f"{school_year}–{school_year + 1}"
    if term is None:
        return _("%(year)s school year") % {"year": year}
    return _("%(year)s, term %(term)d") % {"year": year, "term": term}


def _name(person) -> str:
    return (person.real_name or person.username) if person else "—"


class _Gather:
    def __init__(self, studio: Studio):
        self.studio = studio
        self.files: dict[str, BundleFile] = {}

    def add(self, attachment: Attachment, part: str) -> str:
        if attachment.sha256 not in self.files:
            self.files[attachment.sha256] = BundleFile(attachment.sha256, attachment.original_name, part, attachment)
        return attachment.original_name

    def archive_files(self, kind: str, section: Section) -> None:
        rows = self.studio.files.filter(kind=kind).select_related("attachment", "person").order_by("added_at", "pk")
        for item in rows:
            whose = f" · {_name(item.person)}" if item.person_id else ""
            section.facts.append((f"{item.title}{whose}", self.add(item.attachment, section.title)))


def _founding(g: _Gather) -> Section:
    section = Section(title=_("Founding ceremony (成立仪式)"))
    g.archive_files(FileKind.FOUNDING, section)
    return section


def _people(g: _Gather) -> Section:
    section = Section(title=_("Members and their duties (组织管理成员及分工一览表)"))
    rows = g.studio.people.select_related("person").order_by("left", "role", "joined", "pk")
    for row in rows:
        span = _("since %(joined)s") % {"joined": row.joined}
        if row.left:
            span = _("%(joined)s to %(left)s") % {"joined": row.joined, "left": row.left}
        parts = [str(StudioRole(row.role).label), row.duty, span]
        section.facts.append((_name(row.person), " · ".join(part for part in parts if part)))
    return section


def _agreements(g: _Gather) -> Section:
    section = Section(title=_("Signed mentoring agreements (结对共进签字仪式及协议书)"))
    rows = g.studio.agreements.select_related("mentor", "apprentice").prefetch_related("files__attachment")
    for agreement in rows.order_by("school_year", "term", "pk"):
        entry_rows = [
            (_("Mentor"), _name(agreement.mentor)),
            (_("Apprentice"), _name(agreement.apprentice)),
            (_("Mentor's duties"), agreement.mentor_duties),
            (_("Apprentice's goals"), agreement.apprentice_goals),
            (_("Acknowledged by the mentor"), _local(agreement.mentor_acknowledged_at)),
            (_("Acknowledged by the apprentice"), _local(agreement.apprentice_acknowledged_at)),
        ]
        if hasattr(agreement, "superseded_by"):
            entry_rows.append((_("Status"), _("Replaced by a newer agreement")))
        for item in agreement.files.all():
            entry_rows.append((item.title, g.add(item.attachment, section.title)))
        title = f"{_term(agreement.school_year, agreement.term)} · {_name(agreement.mentor)} → "
        section.entries.append(Entry(title=title + _name(agreement.apprentice), rows=entry_rows))
    g.archive_files(FileKind.AGREEMENT, section)  # signed copies not tied to one agreement
    return section


def _plans(g: _Gather) -> Section:
    section = Section(title=_("Development and activity plans (成员发展规划计划书)"))
    for plan in selectors.plans_of(g.studio):
        rows = [(_("Term"), f"{plan.starts} – {plan.ends}"), (_("Status"), plan.get_status_display())]
        if plan.published_at:
            rows.append((_("Published"), f"{_local(plan.published_at)} · {_name(plan.published_by)}"))
        for progress in selectors.plan_progress(plan):
            item = progress.item
            when = str(
                item.planned_date or (_("month %(m)d") % {"m": item.planned_month} if item.planned_month else "")
            )
            label = " · ".join(part for part in (item.get_kind_display(), item.topic, when) if part)
            held = _("held %(held)d of %(planned)d · responsible: %(name)s") % {
                "held": progress.held,
                "planned": progress.planned,
                "name": _name(item.responsible),
            }
            rows.append((label, held))
        title = _("%(term)s, version %(version)d") % {
            "term": _term(plan.school_year, plan.term),
            "version": plan.version,
        }
        section.entries.append(Entry(title=title, rows=rows))
    g.archive_files(FileKind.PLAN, section)
    return section


def _activities(g: _Gather) -> Section:
    section = Section(title=_("Training, guidance and exchange activities (培训、指导、交流实践活动)"))
    rows = g.studio.activities.prefetch_related("participants", "photos", "files").order_by("held_on", "pk")
    for activity in rows:
        entry_rows = [
            (_("Level"), activity.get_level_display()),
            (_("Place"), activity.place or "—"),
            (_("Participants"), "、".join(_name(p) for p in activity.participants.all())),
            (_("Record"), activity.record),
        ]
        names = [g.add(a, section.title) for a in [*activity.photos.all(), *activity.files.all()]]
        if names:
            entry_rows.append((_("Photos and files"), "、".join(names)))
        title = " ".join(part for part in (str(activity.held_on), activity.get_kind_display(), activity.topic) if part)
        section.entries.append(Entry(title=title, rows=entry_rows))
    return section


def _certificates(g: _Gather) -> Section:
    section = Section(title=_("Members' certificates of achievement (成果证书)"))
    g.archive_files(FileKind.CERTIFICATE, section)
    g.archive_files(FileKind.OTHER, section)
    return section


def _reports(g: _Gather) -> Section:
    section = Section(title=_("Reports and annual evaluations (工作汇报与评估)"))
    for report in g.studio.reports.select_related("written_by").prefetch_related("files").order_by("written_at"):
        rows = [
            (_("Written by"), f"{_name(report.written_by)} · {_local(report.written_at)}"),
            (_("Text"), report.text),
        ]
        names = [g.add(a, section.title) for a in report.files.all()]
        if names:
            rows.append((_("Files"), "、".join(names)))
        section.entries.append(Entry(title=f"{_term(report.school_year, report.term)} · {report.title}", rows=rows))
    for evaluation in selectors.evaluations_current(g.studio):
        rows = [
            (_("Grade"), evaluation.get_grade_display()),
            (_("Comments"), evaluation.comments or "—"),
            (_("Evaluated by"), f"{_name(evaluation.evaluated_by)} · {_local(evaluation.evaluated_at)}"),
            (_("Confirmed by"), f"{_name(evaluation.confirmed_by)} · {_local(evaluation.confirmed_at)}"),
        ]
        if evaluation.corrects_id:
            rows.append((_("Reason for the correction"), evaluation.reason))
        section.entries.append(
            Entry(title=_("Annual evaluation, %(year)s") % {"year": _term(evaluation.school_year, None)}, rows=rows)
        )
    return section


def _facts(studio: Studio) -> list[tuple[str, str]]:
    facts = [
        (_("Studio"), studio.name),
        (_("School"), studio.organisation.name),
        (_("Studio lead"), _name(studio.lead)),
        (_("Subject"), studio.subject or "—"),
        (_("Founded on"), str(studio.founded_on)),
    ]
    if studio.description:
        facts.append((_("Description"), studio.description))
    return facts


def render_pdf(studio: Studio, sections: list[Section], files: list[BundleFile], generated: str) -> bytes:
    buffer = io.BytesIO()
    pdf_font()
    title = _("Famous-teacher studio archive")
    document = _Document(
        buffer,
        pagesize=A4,
        invariant=True,
        title=f"{title} · {studio.name}",
        author=studio.organisation.name,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
    )
    document.addPageTemplates([PageTemplate("page", [Frame(MARGIN, MARGIN, WIDTH, A4[1] - 2 * MARGIN, id="body")])])
    contents = TableOfContents(levelStyles=[CONTENTS], dotsMinLevel=0, tableStyle=TableStyle([CELLS]))
    story = [_text(title, TITLE), _rows(_facts(studio)), Spacer(1, 8), _text(generated, SMALL), PageBreak()]
    story += [_text(_("Contents"), HEADING), contents, PageBreak()]
    for number, section in enumerate(sections, start=1):
        story += _section(number, section)
    if files:
        story += [Spacer(1, 8), _files_table(files)]
    header = f"{title} · {studio.name} · {studio.organisation.name}"
    document.multiBuild(story, canvasmaker=_canvas_class(header, _("Page %(n)s of %(total)s")))
    return buffer.getvalue()


def build_zip(studio: Studio, pdf: bytes, pdf_name: str, files: list[BundleFile], generated: str) -> tuple[bytes, list]:
    pdf_name = _UNSAFE.sub("_", pdf_name)
    rows = [{"path": pdf_name, "original_name": pdf_name, "sha256": hashlib.sha256(pdf).hexdigest(), "size": len(pdf)}]
    buffer = io.BytesIO()
    folder = _UNSAFE.sub("_", _("attachments"))
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(pdf_name, pdf)
        for number, item in enumerate(files, start=1):
            path = f"{folder}/{_UNSAFE.sub('_', f'{number:02d}_{item.part}_{_file_name(item)}')}"
            size = _copy_verified(item, archive, path)
            rows.append(
                {
                    "path": path,
                    "original_name": item.name,
                    "sha256": item.sha256,
                    "size": size,
                    "content_type": item.attachment.content_type,
                    "part": item.part,
                }
            )
        manifest = {
            "studio": studio.name,
            "school": studio.organisation.name,
            "lead": _name(studio.lead),
            "generated": generated,
            "files": rows,
        }
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        archive.writestr("SHA256SUMS", "".join(f"{row['sha256']}  {row['path']}\n" for row in rows))
    return buffer.getvalue(), rows


def bundle_export(*, actor, studio: Studio, client_type: str = "", ip=None) -> StudioBundle:
    """The zip, in the site's language; taking it out is an audit event naming the files' hashes. The caller has
    checked the right (access: ``bundle``)."""
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        gather = _Gather(studio)
        builders = (_founding, _people, _agreements, _plans, _activities, _certificates, _reports)
        sections = [build(gather) for build in builders]
        files = list(gather.files.values())
        now = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        generated = _("Generated on %(time)s by %(name)s") % {"time": now, "name": _name(actor)}
        pdf = render_pdf(studio, sections, files, generated)
        name = f"{_('Famous-teacher studio archive')}-{studio.name}"
        body, rows = build_zip(studio, pdf, f"{name}.pdf", files, generated)
        audit_record(
            process="studios",
            action=EXPORT_ACTION,
            actor=actor,
            organisation=studio.organisation,
            business_date=business_today(),
            data={"studio": studio.pk, "files": [{"sha256": r["sha256"], "size": r["size"]} for r in rows]},
            client_type=client_type,
            ip=ip,
        )
    return StudioBundle(filename=f"{name}.zip", body=body, files=rows)
