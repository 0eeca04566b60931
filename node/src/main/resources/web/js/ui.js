// Pieces shared by the views: notices, the "why" of a moderation decision, the report dialog.
import {api, ApiError} from './api.js';
import {h, replace, shortId, field} from './dom.js';

export const CATEGORIES = ['terrorism', 'csam', 'violence', 'spam', 'scam', 'impersonation', 'copyright', 'other'];
export const ACTIONS = ['hide', 'warn', 'drop'];

let toastTimer;
let toastElement;
/**
 * Shows a message for a few seconds. The toast is a popover, so it goes in the top layer, above
 * everything shown before it; while a modal dialog is open it goes inside the dialog, since the
 * rest of the page is then inert (dimmed under the backdrop, and unheard by screen readers).
 */
export function toast(message, kind = 'error') {
  toastElement ??= document.getElementById('toast'); // kept: a dialog's content may be replaced, toast and all
  const el = toastElement;
  if (el.matches(':popover-open')) el.hidePopover();
  const host = document.querySelector('dialog[open]') ?? document.body;
  if (el.parentElement !== host) host.append(el);
  el.textContent = message;
  el.className = `toast ${kind}`;
  el.showPopover();
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { if (el.matches(':popover-open')) el.hidePopover(); }, 6000);
}

/**
 * Runs an async action for a button or form, showing failures instead of losing them; plain(message)
 * may put the node's answer in the words of the form that asked.
 */
export async function attempt(action, button, plain = (message) => message) {
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return undefined; // the login screen says it all
    toast(error instanceof ApiError ? plain(error.message) : `Something went wrong: ${error.message}`);
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

const SET_ASIDE = {
  own: 'Shown: it is yours, and the blocklists you follow do not decide about what you write. They say:',
  followed_list: 'Shown: you follow this list, and one list may not silence another on your node. They say:',
};

/** The reasons behind a decision: which list, which moderator, which category and why. */
export function why(decision) {
  if (!decision) return null;
  if (SET_ASIDE[decision.exemption]) {
    return h('div', {class: 'why'}, h('p', {}, SET_ASIDE[decision.exemption]), reasonList(decision.setAside.reasons));
  }
  if (!decision.action) return null;
  return h('div', {class: 'why'},
      h('p', {}, decision.source === 'user' ? `You chose to ${decision.action} this.`
          : `Your blocklists say: ${decision.action}.`),
      reasonList(decision.reasons),
      decision.exemption !== 'chosen_contact' ? null : h('p', {}, 'Their messages still reach you: they are a contact'
          + ' you named or verified, and blocklists do not decide whom of those you hear from. This holds for their posts.'));
}

function reasonList(reasons = []) {
  return reasons.length === 0 ? null : h('ul', {class: 'reasons'}, reasons.map((reason) =>
      h('li', {class: 'reason', dataset: {list: reason.list ?? ''}},
          h('strong', {}, reason.listName || shortId(reason.list)),
          (reason.moderators ?? []).length === 0 ? '' : ' — moderated by ',
          (reason.moderators ?? []).map((m, i) => h('span', {class: 'peer', title: m}, (i > 0 ? ', ' : '') + shortId(m))),
          `: ${reason.category ?? 'other'}`,
          reason.reason ? ` — “${reason.reason}”` : '',
          reason.applied && reason.applied !== reason.recommended
            ? ` (the list recommends ${reason.recommended}; you apply ${reason.applied})` : '')));
}

/** A warned item: the notice and "why", with a button that reveals the content. */
export function warned(decision, content) {
  const hidden = h('div', {class: 'revealed', hidden: true}, content);
  const reveal = h('button', {type: 'button', class: 'secondary reveal', onclick: () => {
    hidden.hidden = false;
    reveal.remove();
  }}, 'Show anyway');
  return h('div', {class: 'warned'}, h('p', {class: 'warning-title'}, 'Warning from your blocklists'),
      why(decision), reveal, hidden);
}

/**
 * The report dialog: target is a moderation target string such as post:<feed>/<sequence>. With the
 * decision of lists that hide or warn about the target, it offers an appeal to those lists instead.
 */
export async function openReport(target, description, decision) {
  const dialog = document.getElementById('report-dialog');
  let lists = {own: [], followed: []};
  try {
    lists = await api.get('/api/blocklists');
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
  const known = [...(lists.followed ?? []), ...(lists.own ?? [])];
  const blockedBy = decision?.source === 'lists' ? (decision.reasons ?? []).map((r) => r.list).filter(Boolean) : [];
  const listSelect = h('select', {name: 'list', required: true},
      known.map((list) => h('option', {value: list.link || list.id, selected: blockedBy.includes(list.id)},
          list.name || shortId(list.id))),
      h('option', {value: ''}, 'Another list (paste its link)…'));
  const otherList = h('input', {type: 'text', name: 'other', placeholder: 'samizdat:channel/…'});
  const otherField = field('List link', otherList);
  otherField.hidden = known.length > 0;
  listSelect.addEventListener('change', () => { otherField.hidden = listSelect.value !== ''; });
  const category = h('select', {name: 'category'}, CATEGORIES.map((c) => h('option', {value: c, selected: c === 'spam'}, c)));
  const note = h('textarea', {name: 'note', rows: 3, maxlength: 2000});
  const send = h('button', {type: 'submit'}, 'Send report');
  const title = h('h2', {id: 'report-title'}, 'Report');
  const appeal = h('input', {type: 'checkbox', name: 'appeal'});
  appeal.addEventListener('change', () => {
    title.textContent = appeal.checked ? 'Appeal' : 'Report';
    send.textContent = appeal.checked ? 'Send appeal' : 'Send report';
  });
  const appealField = blockedBy.length === 0 ? null : h('label', {class: 'check appeal'}, appeal,
      ' Appeal: ask the list’s moderators to lift their block (it was wrong, or no longer holds)');
  const form = h('form', {method: 'dialog', class: 'report-form', onsubmit: async (event) => {
    event.preventDefault();
    const list = listSelect.value || otherList.value.trim();
    if (!list) {
      toast('Choose the list whose moderators should receive the report.');
      return;
    }
    const result = await attempt(() => api.post('/api/reports',
        {target, list, category: category.value, note: note.value.trim() || undefined,
          appeal: appeal.checked || undefined}), send);
    if (result) {
      dialog.close();
      toast(`${appeal.checked ? 'Appeal' : 'Report'} sent, end-to-end encrypted, to the list’s moderators.`, 'ok');
    }
  }},
  title,
  h('p', {}, 'About ', h('strong', {}, description), h('br'), h('code', {class: 'target break'}, target)),
  appealField,
  known.length > 0 ? field('Send to the moderators of', listSelect) : null,
  otherField,
  field('Category', category),
  field('Note for the moderator (optional)', note),
  h('div', {class: 'actions'}, send,
      h('button', {type: 'button', class: 'secondary', onclick: () => dialog.close()}, 'Cancel')));
  replace(dialog, form);
  dialog.showModal();
  (known.length > 0 ? listSelect : otherList).focus();
}

/**
 * The button that destroys one of the user's own feeds, a channel or a list, on this node: it asks
 * first (question), says when it is done (done) and then calls after(). The words are the page's own,
 * since what is lost and what others keep differ between a channel and a list.
 */
export function destroyFeedButton({name, path, question, done, after}) {
  const button = h('button', {type: 'button', class: 'danger', name, onclick: async () => {
    if (!confirm(question)) return;
    if (await attempt(() => api.post(path, {}), button)) {
      toast(done, 'ok');
      await after();
    }
  }}, 'Destroy');
  return button;
}

export function reportButton(target, description, decision) {
  return h('button', {type: 'button', class: 'link report', 'aria-label': `Report ${description}`,
    onclick: () => openReport(target, description, decision)}, 'Report');
}
