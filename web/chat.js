// The customer chat: one case per tab (its token in sessionStorage), its transcript kept live by caseEvents.
'use strict';

const CHAT_CASE_FIELDS = `id status locale messages(last: 100) { edges { node { id seq role text at } } }`;
const SAVED = 'kefu-chat';

const chat = {
  caseId: null,
  token: null,
  status: null,
  messages: new Map(),
  stopLive: null,
};

const $ = (id) => document.getElementById(id);

function showError(err) {
  $('error').textContent = err ? err.message || String(err) : '';
}

function who(role) {
  return { CUSTOMER: Kefu.t('you'), AGENT: Kefu.t('bot'), HUMAN: Kefu.t('human'), SYSTEM: Kefu.t('system') }[
    role
  ];
}

/** Adds what is new and redraws in transcript order; messages are kept by id, so a repeat is shown once. */
function render(view) {
  if (view) {
    for (const { node } of view.messages.edges) chat.messages.set(node.id, node);
    chat.status = view.status;
  }
  const list = $('transcript');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.replaceChildren(
    ...[...chat.messages.values()]
      .sort((a, b) => a.seq - b.seq)
      .map((m) =>
        Kefu.el(
          'li',
          { class: m.role },
          Kefu.el('span', { class: 'who' }, `${who(m.role)} · ${Kefu.time(m.at)}`),
          m.text,
        ),
      ),
  );
  if (atBottom || view) list.scrollTop = list.scrollHeight;
  const state = $('state');
  const closed = chat.status === 'CLOSED';
  state.className =
    chat.status === 'WITH_HUMAN' ? 'notice human' : chat.status === 'ESCALATED' ? 'notice warn' : 'notice';
  state.textContent = Kefu.t(
    closed
      ? 'chatClosed'
      : chat.status === 'WITH_HUMAN'
        ? 'withHuman'
        : chat.status === 'ESCALATED'
          ? 'waitingHuman'
          : 'withBot',
  );
  $('message').disabled = closed;
  $('send').disabled = closed;
  $('new-chat').hidden = !closed;
}

function follow() {
  chat.stopLive?.();
  chat.stopLive = Kefu.subscribe(
    `subscription($id: ID!) { caseEvents(caseId: $id) { case { ${CHAT_CASE_FIELDS} } } }`,
    { id: chat.caseId },
    chat.token,
    {
      onResult: (data) => render(data.caseEvents.case),
      onEnd: (err) => {
        if (err) showError(err);
      },
    },
  );
}

function open(caseId, token, view) {
  chat.caseId = caseId;
  chat.token = token;
  chat.messages.clear();
  sessionStorage.setItem(SAVED, JSON.stringify({ caseId, token }));
  $('start').hidden = true;
  $('conversation').hidden = false;
  render(view);
  follow();
  $('message').focus();
}

async function start() {
  showError(null);
  $('start-button').disabled = true;
  try {
    const data = await Kefu.gql(
      `mutation($input: StartCaseInput!) { startCase(input: $input) { token case { ${CHAT_CASE_FIELDS} } } }`,
      { input: { channel: 'WEB', locale: Kefu.locale() } },
    );
    open(data.startCase.case.id, data.startCase.token, data.startCase.case);
  } catch (err) {
    showError(err);
  } finally {
    $('start-button').disabled = false;
  }
}

async function send(event) {
  event.preventDefault();
  const input = $('message');
  const text = input.value.trim();
  if (!text) return;
  showError(null);
  $('send').disabled = true;
  $('send').textContent = Kefu.t('sending');
  try {
    const data = await Kefu.gql(
      `mutation($id: ID!, $text: String!, $client: ID) {
         sendMessage(caseId: $id, text: $text, clientMessageId: $client) { case { ${CHAT_CASE_FIELDS} } }
       }`,
      { id: chat.caseId, text, client: Kefu.newId() },
      chat.token,
    );
    input.value = '';
    render(data.sendMessage.case);
  } catch (err) {
    showError(err);
  } finally {
    $('send').textContent = Kefu.t('send');
    $('send').disabled = chat.status === 'CLOSED';
    input.focus();
  }
}

/** A reload keeps the conversation of this tab. */
async function resume() {
  const saved = JSON.parse(sessionStorage.getItem(SAVED) || 'null');
  if (!saved) return;
  try {
    const data = await Kefu.gql(
      `query($id: ID!) { case(id: $id) { ${CHAT_CASE_FIELDS} } }`,
      { id: saved.caseId },
      saved.token,
    );
    if (data.case) open(saved.caseId, saved.token, data.case);
  } catch {
    sessionStorage.removeItem(SAVED);
  }
}

document.addEventListener('DOMContentLoaded', () => {
  Kefu.initLanguage();
  Kefu.onLanguage(() => chat.caseId && render());
  $('start-button').addEventListener('click', start);
  $('compose').addEventListener('submit', send);
  $('new-chat').addEventListener('click', () => {
    chat.stopLive?.();
    sessionStorage.removeItem(SAVED);
    chat.caseId = null;
    $('conversation').hidden = true;
    $('start').hidden = false;
    $('start-button').focus();
  });
  void resume();
});
