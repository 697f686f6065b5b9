"""A form that makes one thing after another (phases, groups, questions) empties itself
for the next when the create is answered - but never throws away what was typed while the
answer was on its way (static/js/parts.js ``readyForNext``), run in Chromium."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.live]

SCRIPT = """async (typedSince) => {
  const { formState, readyForNext } = await import('/static/js/parts.js');
  document.body.insertAdjacentHTML('beforeend',
    '<form id="f"><input name="name"><input name="minutes"></form>' +
    '<button id="elsewhere">x</button>');
  const form = document.getElementById('f');
  form.elements.name.value = 'Ryhmä 1';
  form.elements.name.focus();
  const sent = formState(form);
  if (typedSince) form.elements.name.value = 'Ryhmä 2';
  readyForNext(form, sent, form.elements.name);
  const first = [form.elements.name.value, document.activeElement === form.elements.name];
  // The person has moved on to another control: the answer does not pull the focus back.
  form.elements.name.value = 'Ryhmä 3';
  const again = formState(form);
  document.getElementById('elsewhere').focus();
  readyForNext(form, again, form.elements.name);
  return [...first, form.elements.name.value, document.activeElement.id];
}"""


@pytest.fixture
def page(browser, server):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(server.url + "/")
    yield page
    context.close()


def test_the_answer_empties_the_form_and_keeps_the_focus(page):
    assert page.evaluate(SCRIPT, False) == ["", True, "", "elsewhere"]


def test_what_was_typed_while_the_answer_came_stays(page):
    assert page.evaluate(SCRIPT, True) == ["Ryhmä 2", True, "", "elsewhere"]
