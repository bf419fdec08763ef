"""The shared pagination macros of `templates/_pagination.html`."""
from flask import render_template_string

NUMBERED = """{% from "_pagination.html" import pagination %}{% macro page_url(p) %}/list?page={{ p }}{% endmacro %}
{{ pagination(page, count, page_url, numbers) }}"""
NEWER_OLDER = """{% from "_pagination.html" import newer_older %}{% macro page_url(p) %}/list?page={{ p }}{% endmacro %}
{{ newer_older(page, count, page_url) }}"""


def _render(app, source, **context):
    with app.test_request_context():
        return render_template_string(source, **context)


def test_numbered_pages_link_every_page_and_mark_the_current_one(app):
    html = _render(app, NUMBERED, page=2, count=3, numbers=None)
    assert [f'href="/list?page={p}"' in html for p in (1, 2, 3)] == [True, True, True]
    assert html.count('aria-current="page"') == 1
    assert 'href="/list?page=2" aria-current="page"' in html


def test_numbered_pages_show_a_gap_as_an_ellipsis(app):
    html = _render(app, NUMBERED, page=1, count=9, numbers=[1, 2, None, 9])
    assert "…" in html and 'href="/list?page=9"' in html and 'href="/list?page=5"' not in html


def test_a_single_page_needs_no_links(app):
    assert "pagination" not in _render(app, NUMBERED, page=1, count=1, numbers=None)
    assert "pagination" not in _render(app, NEWER_OLDER, page=1, count=1)


def test_newer_is_disabled_on_the_first_page_and_older_on_the_last(app):
    first = _render(app, NEWER_OLDER, page=1, count=2)
    assert 'href="/list?page=2"' in first and 'href="/list?page=0"' not in first
    last = _render(app, NEWER_OLDER, page=2, count=2)
    assert 'href="/list?page=1"' in last and 'href="/list?page=3"' not in last
