// The auditor's console. Plain JavaScript, no build: it calls the audit API with the auditor's key (kept in this tab
// only) and writes every value with textContent, never as HTML, since details come from partners' messages.
'use strict';

const TEXTS = {
  fr: {
    title: "Console de l'auditeur", otherLanguage: 'English', logout: 'Se déconnecter', loginTitle: 'Connexion',
    loginHelp: "Saisissez la clé d'accès de l'auditeur.", apiKey: "Clé d'accès", login: 'Se connecter',
    loginRefused: "Clé refusée : seule la clé de l'auditeur ouvre cette console.", chainTitle: 'Intégrité du journal',
    verifyAgain: 'Vérifier à nouveau', searchTitle: 'Rechercher', person: 'Personne',
    nir: 'NIR (numéro de sécurité sociale)',
    nirHint: "Le NIR est transformé en pseudonyme par le hub ; il n'est ni affiché ni conservé.",
    birthName: 'ou nom de naissance', firstName: 'prénom', birthDate: 'date de naissance', filters: 'Filtres',
    partner: 'Partenaire', any: 'Tous', anyStep: 'Toutes', messageType: 'Type de message', step: 'Étape', from: 'Du', to: 'Au',
    search: 'Rechercher', personTitle: 'Personne', exportCsv: "Exporter le rapport d'accès (CSV)", date: 'Date',
    exchange: 'Échange', sender: 'Émetteur', recipient: 'Destinataire', decision: 'Décision',
    categories: 'Catégories reçues', basis: 'Base légale', eventsTitle: 'Événements', outcome: 'Résultat',
    previous: 'Précédent', next: 'Suivant', exchangeTitle: 'Échange', decisionsTitle: 'Décisions de partage',
    timelineTitle: 'Chronologie', back: 'Retour aux résultats',
    chainValid: (v) => `Journal intègre : ${v.events} événement(s), chaîne vérifiée` + (v.signedUpTo ? `, signée jusqu'à l'événement n° ${v.signedUpTo}` : '') + (v.unsigned ? ` (${v.unsigned} événement(s) récent(s) pas encore couvert(s) par une signature)` : '') + '.',
    chainInvalid: (v) => `ALERTE : le journal a été modifié — ${v.problemCount} anomalie(s) détectée(s).`,
    personFound: (p) => `Pseudonyme ${p.subject} : ${p.exchanges} échange(s) concernant cette personne.`,
    personNone: 'Aucun échange ne concerne cette personne.',
    results: (p) => `${p.total} événement(s) — page ${p.page + 1} sur ${Math.max(1, Math.ceil(p.total / p.size))}`,
    pageOf: (p) => `Page ${p.page + 1}`, needCriteria: 'Indiquez une personne ou au moins un filtre.',
    exchangeSummary: (s) => `Reçu le ${when(s.receivedAt)} de ${partnerName(s.sender)} (${s.messageType || '—'}), ` + `événement ${s.eventType || '—'}, finalité ${s.purpose || '—'} : ${statusText(s.status)}.`,
    noDecision: "Aucune décision de consentement enregistrée pour cet échange (remise selon l'abonnement du destinataire).",
    decisionFields: { decision: 'Décision', legalBasis: 'Base légale', agreement: 'Convention de partage', consents: 'Consentement(s)', categories: 'Catégories transmises', removed: 'Catégories retirées', reason: 'Motif', status: 'Remise' },
    verdicts: { ALLOWED: 'Autorisé', MINIMISED: 'Autorisé en partie (données réduites)', REFUSED: 'Refusé' },
    statuses: { accepted: 'accepté', rejected: 'refusé', duplicate: 'doublon', quarantined: 'en quarantaine', 'in progress': 'en cours', delivered: 'remis', 'not delivered': 'non remis', refused: 'refusé', routed: 'en cours', retrying: 'nouvelle tentative', 'queued for dispatch': "en attente d'envoi", replayed: 'rejoué' },
    outcomes: { OK: 'OK', WARNING: 'Avertissement', REJECTED: 'Refusé', FAILED: 'Échec' },
    steps: { RECEIVED: 'Message reçu', VALIDATED: 'Format du partenaire vérifié', TRANSLATED: 'Traduit au format commun', CANONICAL_VALIDATED: 'Contrôlé (format commun)', SUBJECT_RESOLVED: 'Personne identifiée (pseudonyme)', ACCEPTED: 'Accepté et conservé', REJECTED: 'Refusé', ROUTED: 'Destinataires déterminés', RECIPIENT_TRANSLATED: 'Traduit pour le destinataire', RECIPIENT_VALIDATED: 'Contrôlé pour le destinataire', DELIVERED: 'Remis au destinataire', DELIVERY_FAILED: 'Échec de la remise', SHARING_DECIDED: 'Décision de partage (consentement, base légale)', CONSENT_CHANGED: 'Consentement modifié', DISPATCH_QUEUED: "Mis en file d'envoi", RETRIED: 'Nouvelle tentative', DEAD_LETTERED: 'Abandonné après plusieurs tentatives', QUARANTINED: 'Mis en quarantaine', DUPLICATE: 'Doublon reconnu, non repris', REPLAYED: 'Rejoué', ACCESS_DENIED: 'Accès refusé', CONFIGURATION_RELOADED: 'Configuration rechargée', CONFIGURATION_REFUSED: 'Configuration refusée', PAYLOADS_PURGED: 'Données chiffrées purgées (durée de conservation)' },
    httpError: (s) => `Le hub a répondu ${s}.`,
    consentsTitle: 'Consentements', consentId: 'Consentement', purposes: 'Finalités', consentCategories: 'Catégories couvertes', consentType: 'Type', consentStatus: 'État', consentGiven: 'Donné le', consentExpires: 'Expire le', consentWithdrawn: 'Retiré le', collection: 'Recueilli', evidence: 'Preuve (référence)',
    consentTypes: { explicit: 'explicite', implicit: 'implicite' },
    consentStatuses: { active: 'en vigueur', expired: 'expiré', withdrawn: 'retiré', pending: 'pas encore en vigueur' },
    collectionMethods: { paper: 'sur papier', 'in-person': 'en personne', online: 'en ligne' },
    collectedBy: (method, by) => method + (by ? ' par ' + by : ''),
    allPartners: 'tous les partenaires du SPIE',
    categoryNames: { identity: 'identité', contact: 'coordonnées', 'rsa-rights': 'droits RSA', resources: 'ressources', employment: 'emploi', pathway: "parcours d'insertion", health: 'santé', family: 'situation familiale', justice: 'justice' },
  },
  en: {
    title: "Auditor's console", otherLanguage: 'Français', logout: 'Log out', loginTitle: 'Log in',
    loginHelp: "Enter the auditor's access key.", apiKey: 'Access key', login: 'Log in',
    loginRefused: "Key refused: only the auditor's key opens this console.", chainTitle: 'Journal integrity',
    verifyAgain: 'Verify again', searchTitle: 'Search', person: 'Person', nir: 'NIR (social security number)',
    nirHint: 'The hub turns the NIR into a pseudonym; it is neither shown nor kept.',
    birthName: 'or birth name', firstName: 'first name', birthDate: 'birth date', filters: 'Filters',
    partner: 'Partner', any: 'All', anyStep: 'All', messageType: 'Message type', step: 'Step', from: 'From', to: 'To',
    search: 'Search', personTitle: 'Person', exportCsv: 'Export the access report (CSV)', date: 'Date',
    exchange: 'Exchange', sender: 'Sender', recipient: 'Recipient', decision: 'Decision',
    categories: 'Categories received', basis: 'Legal basis', eventsTitle: 'Events', outcome: 'Outcome',
    previous: 'Previous', next: 'Next', exchangeTitle: 'Exchange', decisionsTitle: 'Sharing decisions',
    timelineTitle: 'Timeline', back: 'Back to results',
    chainValid: (v) => `Journal intact: ${v.events} event(s), chain verified` + (v.signedUpTo ? `, signed up to event #${v.signedUpTo}` : '') + (v.unsigned ? ` (${v.unsigned} recent event(s) not yet covered by a signature)` : '') + '.',
    chainInvalid: (v) => `ALERT: the journal was altered — ${v.problemCount} problem(s) found.`,
    personFound: (p) => `Pseudonym ${p.subject}: ${p.exchanges} exchange(s) about this person.`,
    personNone: 'No exchange is about this person.',
    results: (p) => `${p.total} event(s) — page ${p.page + 1} of ${Math.max(1, Math.ceil(p.total / p.size))}`,
    pageOf: (p) => `Page ${p.page + 1}`, needCriteria: 'Give a person or at least one filter.',
    exchangeSummary: (s) => `Received on ${when(s.receivedAt)} from ${partnerName(s.sender)} (${s.messageType || '—'}), ` + `event ${s.eventType || '—'}, purpose ${s.purpose || '—'}: ${statusText(s.status)}.`,
    noDecision: "No consent decision recorded for this exchange (delivered per the recipient's subscription).",
    decisionFields: { decision: 'Decision', legalBasis: 'Legal basis', agreement: 'Sharing agreement', consents: 'Consent record(s)', categories: 'Categories sent', removed: 'Categories removed', reason: 'Reason', status: 'Delivery' },
    verdicts: { ALLOWED: 'Allowed', MINIMISED: 'Allowed in part (data reduced)', REFUSED: 'Refused' },
    statuses: { accepted: 'accepted', rejected: 'rejected', duplicate: 'duplicate', quarantined: 'quarantined', 'in progress': 'in progress', delivered: 'delivered', 'not delivered': 'not delivered', refused: 'refused', routed: 'in progress', retrying: 'retrying', 'queued for dispatch': 'queued for dispatch', replayed: 'replayed' },
    outcomes: { OK: 'OK', WARNING: 'Warning', REJECTED: 'Rejected', FAILED: 'Failed' },
    steps: { RECEIVED: 'Message received', VALIDATED: "Partner's format checked", TRANSLATED: 'Translated to the common format', CANONICAL_VALIDATED: 'Checked (common format)', SUBJECT_RESOLVED: 'Person identified (pseudonym)', ACCEPTED: 'Accepted and stored', REJECTED: 'Rejected', ROUTED: 'Recipients determined', RECIPIENT_TRANSLATED: 'Translated for the recipient', RECIPIENT_VALIDATED: 'Checked for the recipient', DELIVERED: 'Delivered to the recipient', DELIVERY_FAILED: 'Delivery failed', SHARING_DECIDED: 'Sharing decision (consent, legal basis)', CONSENT_CHANGED: 'Consent changed', DISPATCH_QUEUED: 'Queued for dispatch', RETRIED: 'Retried', DEAD_LETTERED: 'Given up after retries', QUARANTINED: 'Quarantined', DUPLICATE: 'Duplicate recognised, not taken again', REPLAYED: 'Replayed', ACCESS_DENIED: 'Access denied', CONFIGURATION_RELOADED: 'Configuration reloaded', CONFIGURATION_REFUSED: 'Configuration refused', PAYLOADS_PURGED: 'Encrypted payloads purged (retention)' },
    httpError: (s) => `The hub answered ${s}.`,
    consentsTitle: 'Consents', consentId: 'Consent', purposes: 'Purposes', consentCategories: 'Categories covered', consentType: 'Type', consentStatus: 'Status', consentGiven: 'Given on', consentExpires: 'Expires on', consentWithdrawn: 'Withdrawn on', collection: 'Collected', evidence: 'Evidence (reference)',
    consentTypes: { explicit: 'explicit', implicit: 'implicit' },
    consentStatuses: { active: 'in force', expired: 'expired', withdrawn: 'withdrawn', pending: 'not yet in force' },
    collectionMethods: { paper: 'on paper', 'in-person': 'in person', online: 'online' },
    collectedBy: (method, by) => method + (by ? ' by ' + by : ''),
    allPartners: 'all SPIE partners',
    categoryNames: { identity: 'identity', contact: 'contact details', 'rsa-rights': 'RSA rights', resources: 'resources', employment: 'employment', pathway: 'pathway', health: 'health', family: 'family situation', justice: 'justice' },
  },
};

const PARTNERS = { departement: 'Département', 'france-travail': 'France Travail', caf: 'CAF / MSA',
  'mission-locale': 'Mission Locale', 'cap-emploi': 'Cap emploi' };

let lang = localStorage.getItem('spie-console-lang') || 'fr';
let apiKey = sessionStorage.getItem('spie-console-key');
let criteria = null;
let page = 0;
let currentSubject = null;

const $ = (id) => document.getElementById(id);
const t = (key) => TEXTS[lang][key];
const partnerName = (id) => (id ? PARTNERS[id] || id : '—');
const statusText = (s) => (s ? t('statuses')[s] || s : '—');
const categoryText = (list) => (list || []).map((c) => t('categoryNames')[c] || c).join(', ');
function when(instant) {
  return instant ? new Date(instant).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB') : '—';
}

async function api(path, options = {}) {
  const headers = Object.assign({ 'X-API-Key': apiKey }, options.headers || {});
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (!response.ok) {
    let detail = t('httpError')(response.status);
    try {
      const outcome = await response.json();
      if (outcome.issue && outcome.issue[0]) detail = outcome.issue[0].diagnostics;
    } catch (e) { /* not an OperationOutcome */ }
    const error = new Error(detail);
    error.status = response.status;
    throw error;
  }
  return response;
}

function translatePage() {
  document.documentElement.lang = lang;
  document.querySelectorAll('[data-i18n]').forEach((el) => {
    const text = t(el.dataset.i18n);
    if (typeof text === 'string') el.textContent = text;
  });
  const step = $('step');
  const selected = step.value;
  step.querySelectorAll('option:not([value=""])').forEach((o) => o.remove());
  Object.entries(t('steps')).forEach(([value, label]) => step.add(new Option(label, value)));
  step.value = selected;
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text == null || text === '' ? '—' : text;
  if (className) td.className = className;
  return td;
}

function exchangeLink(td, exchangeId) {
  td.textContent = '';
  const a = document.createElement('a');
  a.href = '#exchange=' + encodeURIComponent(exchangeId);
  a.textContent = exchangeId;
  a.className = 'exchange-link';
  a.addEventListener('click', (e) => { e.preventDefault(); openExchange(exchangeId); });
  td.appendChild(a);
}

async function login(key) {
  apiKey = key;
  try {
    await api('/api/v1/audit/verify');
    sessionStorage.setItem('spie-console-key', key);
    $('login').hidden = true;
    $('app').hidden = false;
    $('logout').hidden = false;
    $('login-error').textContent = '';
    verifyChain();
  } catch (e) {
    apiKey = null;
    sessionStorage.removeItem('spie-console-key');
    $('login-error').textContent = e.status === 401 || e.status === 403 ? t('loginRefused') : e.message;
  }
}

async function verifyChain() {
  const status = $('chain-status');
  const list = $('chain-problems');
  list.textContent = '';
  const v = await (await api('/api/v1/audit/verify')).json();
  status.textContent = v.valid ? t('chainValid')(v) : t('chainInvalid')(v);
  status.className = 'status ' + (v.valid ? 'ok' : 'ko');
  (v.problems || []).slice(0, 50).forEach((p) => {
    const li = document.createElement('li');
    li.textContent = `${p.kind} — ${p.detail}`;
    list.appendChild(li);
  });
}

async function search(event) {
  if (event) event.preventDefault();
  $('search-error').textContent = '';
  $('person').hidden = true;
  $('exchange').hidden = true;
  currentSubject = null;
  const nir = $('nir').value.trim();
  const person = { birthName: $('birth-name').value.trim(), firstName: $('first-name').value.trim(),
    birthDate: $('birth-date').value };
  const filters = { partner: $('partner').value, type: $('type').value.trim(), step: $('step').value,
    from: $('from').value, to: $('to').value };
  try {
    if (nir || (person.birthName && person.firstName && person.birthDate)) {
      const found = await (await api('/api/v1/audit/subjects/lookup', { method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(nir ? { nir } : person) })).json();
      // The NIR leaves the form once hashed: it is shown nowhere and kept nowhere.
      $('nir').value = '';
      currentSubject = found.subject;
      await showPerson(found);
    } else if (!Object.values(filters).some((v) => v)) {
      $('search-error').textContent = t('needCriteria');
      return;
    }
    criteria = Object.assign({ subject: currentSubject || '' }, filters);
    page = 0;
    await showEvents();
  } catch (e) {
    $('search-error').textContent = e.message;
  }
}

async function showPerson(found) {
  $('person').hidden = false;
  $('person-summary').textContent = found.exchanges ? t('personFound')(found) : t('personNone');
  $('export-csv').disabled = !found.exchanges;
  const body = $('report-table').tBodies[0];
  body.textContent = '';
  const report = await (await api('/api/v1/audit/subjects/' + encodeURIComponent(found.subject) + '/report')).json();
  showConsents(report.consents || []);
  if (report.consents && report.consents.length) $('export-csv').disabled = false;
  report.exchanges.forEach((ex) => {
    const shares = ex.recipients.length ? ex.recipients : [{}];
    shares.forEach((share) => {
      const row = body.insertRow();
      cell(row, when(ex.receivedAt));
      exchangeLink(cell(row, ''), ex.exchangeId);
      cell(row, partnerName(ex.sender));
      cell(row, share.recipient ? partnerName(share.recipient) + ' — ' + statusText(share.status) : statusText(ex.status));
      cell(row, share.decision ? t('verdicts')[share.decision] || share.decision : '');
      cell(row, categoryText(share.categories));
      cell(row, share.legalBasis);
    });
  });
}

// The person's consent records (given, expired or withdrawn): the decisions above name them by id.
function showConsents(consents) {
  $('consents').hidden = consents.length === 0;
  const body = $('consents-table').tBodies[0];
  body.textContent = '';
  consents.forEach((c) => {
    const row = body.insertRow();
    cell(row, c.id);
    cell(row, c.recipient === 'all-spie-partners' ? t('allPartners') : partnerName(c.recipient));
    cell(row, (c.purposes || []).join(', '));
    cell(row, categoryText(c.categories));
    cell(row, t('consentTypes')[c.consentType] || c.consentType);
    cell(row, t('consentStatuses')[c.status] || c.status, 'consent-' + c.status);
    cell(row, when(c.givenAt));
    cell(row, c.expiresAt ? when(c.expiresAt) : '');
    cell(row, c.withdrawnAt ? when(c.withdrawnAt) : '');
    cell(row, t('collectedBy')(t('collectionMethods')[c.collectionMethod] || c.collectionMethod || '—', c.collectedBy ? partnerName(c.collectedBy) : null));
    cell(row, c.evidenceReference);
  });
}

async function showEvents() {
  const query = new URLSearchParams();
  Object.entries(criteria).forEach(([k, v]) => { if (v) query.set(k, v); });
  query.set('page', page);
  query.set('size', 25);
  const result = await (await api('/api/v1/audit/events?' + query)).json();
  $('results').hidden = false;
  $('results-summary').textContent = t('results')(result);
  $('page').textContent = t('pageOf')(result);
  $('previous').disabled = page === 0;
  $('next').disabled = (page + 1) * result.size >= result.total;
  const body = $('events-table').tBodies[0];
  body.textContent = '';
  result.events.forEach((e) => {
    const row = body.insertRow();
    cell(row, when(e.recordedAt));
    exchangeLink(cell(row, ''), e.exchangeId);
    cell(row, t('steps')[e.step] || e.step);
    cell(row, t('outcomes')[e.outcome] || e.outcome, 'outcome-' + e.outcome);
    cell(row, partnerName(e.sender));
    cell(row, partnerName(e.recipient));
    cell(row, e.messageType);
  });
}

async function openExchange(exchangeId) {
  const journey = await (await api('/api/v1/audit/exchanges/' + encodeURIComponent(exchangeId))).json();
  $('exchange').hidden = false;
  $('exchange-id').textContent = exchangeId;
  $('exchange-summary').textContent = t('exchangeSummary')(journey.summary);
  const decisions = $('decisions');
  decisions.textContent = '';
  const decided = journey.summary.recipients.filter((r) => r.decision || r.reason);
  if (!decided.length) {
    const p = document.createElement('p');
    p.textContent = t('noDecision');
    decisions.appendChild(p);
  }
  journey.summary.recipients.forEach((r) => {
    const box = document.createElement('div');
    box.className = 'decision ' + (r.decision || '');
    const title = document.createElement('strong');
    title.textContent = partnerName(r.recipient) + (r.messageType ? ' (' + r.messageType + ')' : '');
    box.appendChild(title);
    const dl = document.createElement('dl');
    const fields = t('decisionFields');
    const values = { decision: r.decision ? t('verdicts')[r.decision] || r.decision : null, legalBasis: r.legalBasis,
      agreement: r.agreement, consents: (r.consents || []).join(', '), categories: categoryText(r.categories),
      removed: categoryText(r.removed), reason: r.reason, status: statusText(r.status) + (r.at ? ' — ' + when(r.at) : '') };
    Object.entries(values).forEach(([key, value]) => {
      if (!value) return;
      const dt = document.createElement('dt');
      dt.textContent = fields[key];
      const dd = document.createElement('dd');
      dd.textContent = value;
      dd.className = 'decision-' + key;
      dl.append(dt, dd);
    });
    box.appendChild(dl);
    decisions.appendChild(box);
  });
  const timeline = $('timeline');
  timeline.textContent = '';
  journey.events.forEach((e) => {
    const li = document.createElement('li');
    const time = document.createElement('span');
    time.className = 'when';
    time.textContent = when(e.recordedAt);
    const what = document.createElement('span');
    what.className = 'outcome-' + e.outcome;
    what.textContent = (t('steps')[e.step] || e.step) + (e.recipient ? ' → ' + partnerName(e.recipient) : '')
      + (e.outcome !== 'OK' ? ' (' + (t('outcomes')[e.outcome] || e.outcome) + ')' : '');
    li.dataset.step = e.step;
    li.append(time, what);
    if (e.detail && e.step !== 'SHARING_DECIDED') {
      const detail = document.createElement('div');
      detail.className = 'hint';
      detail.textContent = e.detail;
      li.appendChild(detail);
    }
    timeline.appendChild(li);
  });
  $('exchange').scrollIntoView();
}

async function exportCsv() {
  if (!currentSubject) return;
  const response = await api('/api/v1/audit/subjects/' + encodeURIComponent(currentSubject) + '/report?format=csv');
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = 'rapport-acces-' + currentSubject.substring(0, 12) + '.csv';
  document.body.appendChild(link);
  link.click();
  link.remove();
}

document.addEventListener('DOMContentLoaded', () => {
  translatePage();
  $('lang').addEventListener('click', () => {
    lang = lang === 'fr' ? 'en' : 'fr';
    localStorage.setItem('spie-console-lang', lang);
    translatePage();
  });
  $('login-form').addEventListener('submit', (e) => { e.preventDefault(); login($('api-key').value); });
  $('logout').addEventListener('click', () => { sessionStorage.removeItem('spie-console-key'); location.reload(); });
  $('chain-refresh').addEventListener('click', verifyChain);
  $('search-form').addEventListener('submit', search);
  $('previous').addEventListener('click', () => { page = Math.max(0, page - 1); showEvents(); });
  $('next').addEventListener('click', () => { page += 1; showEvents(); });
  $('close-exchange').addEventListener('click', () => { $('exchange').hidden = true; });
  $('export-csv').addEventListener('click', exportCsv);
  if (apiKey) login(apiKey);
});
