// The agent console: log in with an API key (sessionStorage), the queue kept live by queueEvents, a case by caseEvents.
'use strict';

const KEY = 'kefu-api-key';
const LIST_FIELDS = `id status locale updatedAt desk { priority queuedAt escalationReason slaBreached assignee { name } }`;
const CASE_FIELDS = `id status locale customer { name verified }
  messages(last: 100) { edges { node { id seq role text at } } }
  desk {
    assignee { id name } priority queuedAt escalationReason slaBreached callbackRequested suggestedReply
    handover { summaryEn: summary(locale: "en") summaryZh: summary(locale: "zh-CN") }
  }`;

const desk = {
  key: null,
  me: null,
  staff: [],
  queue: [],
  mine: [],
  current: null,
  stopQueue: null,
  stopCase: null,
  refreshing: null,
  listReads: 0,
};

const $ = (id) => document.getElementById(id);

function showError(err) {
  $('error').textContent = err ? err.message || String(err) : '';
}

const call = (query, variables) => Kefu.gql(query, variables, desk.key);

async function logIn(key) {
  const data = await Kefu.gql('{ viewer { kind role name } }', {}, key);
  const viewer = data.viewer;
  if (!viewer || viewer.kind !== 'staff') throw new Error(Kefu.t('badKey'));
  if (viewer.role !== 'agent' && viewer.role !== 'supervisor')
    throw new Error(Kefu.t('notDeskRole', { role: viewer.role }));
  desk.key = key;
  desk.me = viewer;
  sessionStorage.setItem(KEY, key);
  $('login').hidden = true;
  $('desk').hidden = false;
  $('logout').hidden = false;
  renderWho();
  desk.staff = (await call('{ staff { id name role } }')).staff;
  // The lists are read again each time the stream (re)opens: a change made while it was closed is not lost.
  desk.stopQueue = Kefu.subscribe('subscription { queueEvents { caseId status } }', {}, key, {
    onResult: () => scheduleRefresh(),
    onState: (live) => {
      renderLive(live);
      if (live) scheduleRefresh();
    },
  });
  await refreshLists();
  // A case waits longer every minute: its waiting time and place are redrawn even when nothing happens.
  desk.tick = setInterval(() => void refreshLists(), 60_000);
  $('queue').querySelector('button')?.focus();
}

function logOut() {
  sessionStorage.removeItem(KEY);
  desk.stopQueue?.();
  desk.stopCase?.();
  clearInterval(desk.tick);
  Object.assign(desk, { key: null, me: null, current: null, queue: [], mine: [] });
  $('desk').hidden = true;
  $('logout').hidden = true;
  $('login').hidden = false;
  $('whoami').textContent = '';
  $('live').textContent = '';
  $('api-key').value = '';
  $('api-key').focus();
}

function renderWho() {
  if (desk.me) $('whoami').textContent = Kefu.t('signedInAs', { name: desk.me.name, role: desk.me.role });
}

function renderLive(live) {
  $('live').className = live ? 'live-state on' : 'live-state';
  $('live').textContent = Kefu.t(live ? 'live' : 'offline');
}

/** Queue events come in bursts (a turn writes several): one refresh for each burst. */
function scheduleRefresh() {
  if (desk.refreshing) return;
  desk.refreshing = setTimeout(() => {
    desk.refreshing = null;
    void refreshLists();
  }, 150);
}

async function refreshLists() {
  // Reads can overlap (an event, the minute tick): only the latest one started may draw, never an older answer.
  const read = ++desk.listReads;
  try {
    const data = await call(
      `{ queue(first: 50) { ${LIST_FIELDS} } withHumans(first: 50) { ${LIST_FIELDS} } }`,
    );
    if (read !== desk.listReads) return;
    desk.queue = data.queue;
    desk.mine = data.withHumans;
    renderLists();
  } catch (err) {
    showError(err);
  }
}

function caseButton(c) {
  const waited = c.desk?.queuedAt
    ? Math.max(0, Math.floor((Date.now() - Date.parse(c.desk.queuedAt)) / 60_000))
    : null;
  const meta = [
    Kefu.reasonName(c.desk?.escalationReason),
    c.status === 'WITH_HUMAN' ? c.desk?.assignee?.name : null,
    c.status === 'ESCALATED' && waited !== null ? Kefu.t('waiting', { minutes: waited }) : null,
    `${Kefu.t('priority')} ${c.desk?.priority ?? 0}`,
    c.locale,
  ]
    .filter(Boolean)
    .join(' · ');
  return Kefu.el(
    'li',
    {},
    Kefu.el(
      'button',
      {
        type: 'button',
        'data-case': c.id,
        'aria-current': desk.current === c.id ? 'true' : 'false',
        onclick: () => openCase(c.id),
      },
      Kefu.t('caseTitle', { id: c.id.slice(0, 8) }),
      c.desk?.slaBreached ? ' ⚠' : '',
      Kefu.el('span', { class: 'meta' }, meta),
    ),
  );
}

function renderLists() {
  const fill = (list, cases, empty) =>
    list.replaceChildren(
      ...(cases.length ? cases.map(caseButton) : [Kefu.el('li', { class: 'hint' }, Kefu.t(empty))]),
    );
  fill($('queue'), desk.queue, 'queueEmpty');
  fill($('mine'), desk.mine, 'mineEmpty');
}

async function openCase(id) {
  showError(null);
  desk.stopCase?.();
  desk.current = id;
  desk.view = null;
  renderLists();
  try {
    const data = await call(`query($id: ID!) { case(id: $id) { ${CASE_FIELDS} } }`, { id });
    renderCase(data.case);
  } catch (err) {
    showError(err);
    return;
  }
  desk.stopCase = Kefu.subscribe(
    `subscription($id: ID!) { caseEvents(caseId: $id) { case { ${CASE_FIELDS} } } }`,
    { id },
    desk.key,
    { onResult: (data) => desk.current === id && renderCase(data.caseEvents.case) },
  );
  $('case').focus();
}

function who(role) {
  return {
    CUSTOMER: Kefu.t('customer'),
    AGENT: Kefu.t('bot'),
    HUMAN: Kefu.t('human'),
    SYSTEM: Kefu.t('system'),
  }[role];
}

function renderCase(view) {
  if (view) desk.view = view;
  view = desk.view;
  if (!view) return;
  $('no-case').hidden = true;
  $('case-body').hidden = false;
  $('case-title').textContent = Kefu.t('caseTitle', { id: view.id });
  $('case-status').textContent = Kefu.statusName(view.status);
  const d = view.desk;
  $('case-assignee').textContent = d?.assignee?.name ?? Kefu.t('nobody');
  $('case-customer').textContent = [
    view.customer?.name,
    Kefu.t(view.customer?.verified ? 'verified' : 'notVerified'),
    view.locale,
  ]
    .filter(Boolean)
    .join(' · ');
  const flags = [
    d?.slaBreached && Kefu.t('slaBreached'),
    d?.callbackRequested && Kefu.t('callbackRequested'),
  ].filter(Boolean);
  $('case-flags').hidden = flags.length === 0;
  $('case-flags').textContent = flags.join(' ');
  $('case-reason').textContent = Kefu.reasonName(d?.escalationReason) || '—';
  $('case-priority').textContent = String(d?.priority ?? 0);
  $('case-summary').textContent = (Kefu.lang === 'zh' ? d?.handover.summaryZh : d?.handover.summaryEn) ?? '';
  $('suggested').textContent = d?.suggestedReply ?? Kefu.t('noSuggestion');

  const list = $('transcript');
  list.replaceChildren(
    ...view.messages.edges.map(({ node: m }) =>
      Kefu.el(
        'li',
        { class: m.role },
        Kefu.el('span', { class: 'who' }, `${who(m.role)} · ${Kefu.time(m.at)}`),
        m.text,
      ),
    ),
  );
  list.scrollTop = list.scrollHeight;

  // The server decides who may act; this only keeps buttons that would be refused out of the way.
  const mineNow =
    view.status === 'WITH_HUMAN' && (desk.me.role === 'supervisor' || d?.assignee?.name === desk.me.name);
  const closed = view.status === 'CLOSED';
  $('take-over').disabled = closed || view.status === 'WITH_HUMAN';
  for (const id of [
    'send',
    'reply',
    'hand-back',
    'hand-back-note',
    'transfer',
    'transfer-to',
    'use-suggestion',
  ])
    $(id).disabled = !mineNow;
  $('use-suggestion').disabled = !mineNow || !d?.suggestedReply;
  for (const id of ['add-note', 'note', 'close-case', 'resolution']) $(id).disabled = closed;
  // Live updates re-render the case: the colleague the agent already picked stays picked.
  const picked = $('transfer-to').value;
  const colleagues = desk.staff.filter((s) => s.id !== d?.assignee?.id);
  $('transfer-to').replaceChildren(
    ...colleagues.map((s) => Kefu.el('option', { value: s.id }, staffLabel(s))),
  );
  if (colleagues.some((s) => s.id === picked)) $('transfer-to').value = picked;
}

/** Two colleagues may share a name (two keys for one person, or namesakes): a short id tells them apart. */
function staffLabel(s) {
  const namesake = desk.staff.some((o) => o.id !== s.id && o.name === s.name);
  return namesake ? `${s.name} (${s.role}, ${s.id.slice(0, 8)})` : `${s.name} (${s.role})`;
}

/** Runs a desk action; the case view updates from the returned case and again from the live stream. */
async function act(button, run) {
  showError(null);
  button.disabled = true;
  try {
    const view = await run();
    if (view) renderCase(view);
    await refreshLists();
    return true;
  } catch (err) {
    showError(err);
    return false;
  } finally {
    renderCase();
  }
}

function wireActions() {
  const id = () => desk.current;
  $('take-over').addEventListener('click', async () => {
    const ok = await act(
      $('take-over'),
      async () =>
        (await call(`mutation($id: ID!) { takeOverCase(caseId: $id) { ${CASE_FIELDS} } }`, { id: id() }))
          .takeOverCase,
    );
    if (ok) $('reply').focus();
  });
  $('use-suggestion').addEventListener('click', () => {
    $('reply').value = desk.view?.desk?.suggestedReply ?? '';
    $('reply').focus();
  });
  Kefu.submitOnCtrlEnter($('reply'));
  Kefu.submitOnCtrlEnter($('note'));
  $('reply-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = $('reply').value.trim();
    if (!text) return;
    const ok = await act(
      $('send'),
      async () =>
        (
          await call(
            `mutation($id: ID!, $text: String!, $client: ID) {
             sendAgentMessage(caseId: $id, text: $text, clientMessageId: $client) { case { ${CASE_FIELDS} } }
           }`,
            { id: id(), text, client: Kefu.newId() },
          )
        ).sendAgentMessage.case,
    );
    if (ok) $('reply').value = '';
    $('reply').focus();
  });
  $('note-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = $('note').value.trim();
    if (!text) return;
    const ok = await act(
      $('add-note'),
      async () =>
        (
          await call(
            `mutation($id: ID!, $text: String!) { addInternalNote(caseId: $id, text: $text) { ${CASE_FIELDS} } }`,
            { id: id(), text },
          )
        ).addInternalNote,
    );
    if (ok) {
      $('note').value = '';
      $('error').textContent = Kefu.t('noteAdded');
    }
  });
  $('hand-back-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const note = $('hand-back-note').value.trim();
    const ok = await act(
      $('hand-back'),
      async () =>
        (
          await call(
            `mutation($id: ID!, $note: String!) { handBackCase(caseId: $id, note: $note) { case { ${CASE_FIELDS} } } }`,
            {
              id: id(),
              note,
            },
          )
        ).handBackCase.case,
    );
    if (ok) $('hand-back-note').value = '';
  });
  $('transfer-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const to = $('transfer-to').value;
    if (!to) return;
    await act(
      $('transfer'),
      async () =>
        (
          await call(
            `mutation($id: ID!, $to: ID!) { transferCase(caseId: $id, toAgentId: $to) { ${CASE_FIELDS} } }`,
            { id: id(), to },
          )
        ).transferCase,
    );
  });
  $('close-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const resolution = $('resolution').value.trim() || null;
    const ok = await act(
      $('close-case'),
      async () =>
        (
          await call(
            `mutation($id: ID!, $resolution: String) { closeCase(caseId: $id, reason: "closed by staff", resolution: $resolution) { ${CASE_FIELDS} } }`,
            { id: id(), resolution },
          )
        ).closeCase,
    );
    if (ok) $('resolution').value = '';
  });
}

document.addEventListener('DOMContentLoaded', () => {
  Kefu.initLanguage();
  Kefu.onLanguage(() => {
    renderWho();
    renderLists();
    renderCase();
  });
  wireActions();
  $('logout').addEventListener('click', logOut);
  $('login').addEventListener('submit', async (event) => {
    event.preventDefault();
    showError(null);
    try {
      await logIn($('api-key').value.trim());
    } catch (err) {
      showError(err);
      $('api-key').focus();
    }
  });
  const saved = sessionStorage.getItem(KEY);
  if (saved) {
    logIn(saved).catch(() => {
      sessionStorage.removeItem(KEY);
      $('login').hidden = false;
      $('api-key').focus();
    });
  } else {
    $('login').hidden = false;
    $('api-key').focus();
  }
});
