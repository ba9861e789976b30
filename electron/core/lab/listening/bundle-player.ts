// The listener's page of an exported bundle: instructions, MUSHRA familiarisation, trials with synced Web Audio switching, results download.
// Self-contained on purpose: bundle-page.ts embeds this function's source text, so it may reference nothing outside itself.
import type { PlanItem, ResultsFile, TestConfig } from '../../../shared/domains/listening';

type Plan = (config: TestConfig, seed: number) => PlanItem[];
type Answer = ResultsFile['items'][number];

/** Runs the whole test inside `root`. `plan` is planSession (embedded beside it), so the order matches the importer's replay. */
export function runListeningTest(config: TestConfig, plan: Plan, root: HTMLElement): void {
  const MOS_LABELS = ['Bad', 'Poor', 'Fair', 'Good', 'Excellent'];
  const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const audio = new (window.AudioContext || (window as unknown as { webkitAudioContext: typeof AudioContext }).webkitAudioContext)();
  const buffers = new Map<string, Promise<AudioBuffer>>();
  const pending = new Map<string, (b: ArrayBuffer) => void>();
  (window as unknown as { __vwAudio: (uid: string, b64: string) => void }).__vwAudio = (uid, b64) => {
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    pending.get(uid)?.(bytes.buffer);
  };

  const el = (tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    for (const c of children) e.append(c);
    return e;
  };
  const show = (...nodes: Node[]): void => {
    root.replaceChildren(...nodes);
    const h = root.querySelector('h1, h2');
    if (h instanceof HTMLElement) { h.tabIndex = -1; h.focus(); }
  };
  const randomHex = (bytes: number): string => Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');

  // Audio arrives as classic scripts (audio/<id>.wav.js): file:// pages may not fetch() or XHR their own folder, but may load scripts.
  const load = (uid: string): Promise<AudioBuffer> => {
    let p = buffers.get(uid);
    if (!p) {
      p = new Promise<ArrayBuffer>((resolve, reject) => {
        pending.set(uid, resolve);
        const s = document.createElement('script');
        s.src = `${config.files[uid]}.js`;
        s.onerror = () => reject(new Error(`The audio file ${config.files[uid]} is missing from the bundle.`));
        document.head.append(s);
      }).then((bytes) => audio.decodeAudioData(bytes));
      buffers.set(uid, p);
      // Decoded audio is large (float32 at the device rate): keep the recent screens' only.
      if (buffers.size > 64) buffers.delete(buffers.keys().next().value as string);
    }
    return p;
  };

  /** All stimuli of a screen start together and loop; switching moves the gain, never the position. */
  const makeDeck = (entries: { key: string; uid: string }[], onChange: (active: string | null) => void) => {
    let sources: AudioBufferSourceNode[] = [];
    const gains = new Map<string, GainNode>();
    let active: string | null = null;
    let t0 = 0;
    let duration = 1;
    const plays: Record<string, number> = {};
    const ready = Promise.all(entries.map((e) => load(e.uid))).then((list) => {
      duration = Math.max(...list.map((b) => b.duration));
      return list;
    });
    const stop = (): void => {
      for (const s of sources) { try { s.stop(); } catch { /* already stopped */ } }
      sources = [];
      gains.clear();
      active = null;
      onChange(null);
    };
    const select = async (key: string): Promise<void> => {
      const list = await ready;
      if (audio.state === 'suspended') await audio.resume();
      if (sources.length === 0) {
        t0 = audio.currentTime + 0.05;
        entries.forEach((e, i) => {
          const src = audio.createBufferSource();
          src.buffer = list[i]!;
          src.loop = true;
          const g = audio.createGain();
          g.gain.value = 0;
          src.connect(g).connect(audio.destination);
          src.start(t0);
          sources.push(src);
          gains.set(e.key, g);
        });
      }
      const now = audio.currentTime;
      for (const [k, g] of gains) {
        g.gain.cancelScheduledValues(now);
        g.gain.setValueAtTime(g.gain.value, now);
        g.gain.linearRampToValueAtTime(k === key ? 1 : 0, now + 0.005); // 5 ms crossfade: instant, without a click
      }
      active = key;
      // Plays count per stimulus: ABX's X adds to the one it is.
      const uid = entries.find((e) => e.key === key)!.uid;
      plays[uid] = (plays[uid] ?? 0) + 1;
      onChange(key);
    };
    const position = (): number => (sources.length === 0 ? 0 : (Math.max(0, audio.currentTime - t0) % duration) / duration);
    return { ready, select, stop, plays, position, get active() { return active; } };
  };

  type Deck = ReturnType<typeof makeDeck>;
  let current: Deck | null = null;
  const progressBar = (deck: Deck): HTMLElement => {
    const bar = el('div', { class: 'bar' });
    const box = el('div', { class: 'progress', role: 'presentation' }, bar);
    const tick = (): void => {
      if (!box.isConnected) return;
      bar.style.width = `${(deck.position() * 100).toFixed(2)}%`;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    return box;
  };
  /** A button per stimulus (and one Stop); digits switch from the keyboard, space stops. */
  const playButton = (deck: Deck, key: string, label: string, after?: () => void): HTMLElement => {
    // X's button names no stimulus: its key is all the page shows.
    // The shortcut is what the label says: 1–9, A/B/X, R for the reference.
    const shortcut = label === 'Reference' ? 'r' : label.toLowerCase();
    const b = el('button', { type: 'button', class: 'play', 'data-key': key, 'data-shortcut': shortcut, 'aria-pressed': 'false', ...(key === 'X' ? {} : { 'data-stimulus': key }) }, `▶ ${label}`);
    b.addEventListener('click', () => { void deck.select(key).then(after); });
    return b;
  };
  const deckButtons = (deck: Deck, labelled: { key: string; label: string }[], after?: () => void): HTMLElement => {
    const row = el('div', { class: 'deck' });
    for (const { key, label } of labelled) row.append(playButton(deck, key, label, after));
    const stop = el('button', { type: 'button', class: 'stop' }, '■ Stop');
    stop.addEventListener('click', () => deck.stop());
    row.append(stop);
    return row;
  };
  const markActive = (active: string | null): void => {
    root.querySelectorAll<HTMLElement>('button.play').forEach((b) => {
      const on = b.dataset.key === active;
      b.setAttribute('aria-pressed', String(on));
      b.classList.toggle('on', on);
    });
  };
  document.addEventListener('keydown', (e) => {
    if (!current || e.target instanceof HTMLInputElement) return;
    if (e.key === ' ') { e.preventDefault(); current.stop(); return; }
    const key = e.key.toLowerCase();
    [...root.querySelectorAll<HTMLElement>('button.play')].find((b) => b.dataset.shortcut === key)?.click();
  });

  const listen = (entries: { key: string; uid: string }[]): Deck => {
    current?.stop();
    current = makeDeck(entries, markActive);
    return current;
  };

  const answers: Answer[] = [];
  let listenerId = '';
  const seed = crypto.getRandomValues(new Uint32Array(1))[0]!;
  const sessionUid = randomHex(16);
  const startedAt = new Date().toISOString();
  const items = plan(config, seed);
  const trials = new Map(config.trials.map((t) => [t.key, t]));

  const welcome = (): void => {
    const input = el('input', { id: 'listener', name: 'listener', autocomplete: 'off', maxlength: '80', 'aria-required': 'true' }) as HTMLInputElement;
    const error = el('p', { class: 'error', role: 'alert' });
    const start = el('button', { type: 'submit', class: 'primary' }, 'Start');
    const form = el('form', { 'aria-label': 'Listener' },
      el('label', { for: 'listener' }, 'Your name or listener code'), input, error, start);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      listenerId = input.value.trim();
      if (!listenerId) { error.textContent = 'Enter a name or code first: it goes into your results file.'; return; }
      void audio.resume();
      if (config.type === 'mushra') familiarise(); else trial(0);
    });
    show(el('h1', {}, config.name),
      el('section', { class: 'instructions', 'aria-label': 'Instructions' },
        el('h2', {}, 'Instructions'), el('p', {}, config.instructions),
        el('p', {}, `There are ${items.length} screens. Use headphones in a quiet room and keep the volume the same throughout. Keys 1–9 (or A, B, X) switch between versions, R plays the reference, space stops.`)),
      form);
  };

  const familiarise = (): void => {
    const sections = config.trials.map((t, i) => {
      const uids = [...(t.reference ? [t.reference] : []), ...t.stimuli];
      const labelled = uids.map((uid, k) => ({ key: uid, label: uid === t.reference ? 'Reference' : String(t.reference ? k : k + 1) }));
      const wrap = el('section', { class: 'trial', 'aria-label': `Sentence ${i + 1}` }, el('h3', {}, `Sentence ${i + 1}`));
      const open = el('button', { type: 'button' }, 'Listen to this sentence');
      open.addEventListener('click', () => {
        const deck = listen(uids.map((uid) => ({ key: uid, uid })));
        open.replaceWith(deckButtons(deck, labelled), progressBar(deck));
      });
      wrap.append(open);
      return wrap;
    });
    const go = el('button', { type: 'button', class: 'primary' }, 'Start rating');
    go.addEventListener('click', () => trial(0));
    show(el('h1', {}, 'Familiarisation'),
      el('p', {}, 'Listen to every version of the sentences before you rate them, to learn the range of quality you will hear. Nothing is recorded on this page.'),
      ...sections, go);
  };

  const trial = (index: number): void => {
    const item = items[index]!;
    const t = trials.get(item.trial)!;
    const started = new Date().toISOString();
    const t0 = performance.now();
    const entries = [...(config.type === 'mushra' && t.reference ? [t.reference] : []), ...item.shown].map((uid) => ({ key: uid, uid }));
    if (config.type === 'abx') entries.push({ key: 'X', uid: item.x! });
    const deck = listen(entries);
    // The next screen decodes while this one is rated, so it starts at once.
    const following = items[index + 1];
    if (following) for (const uid of [...(trials.get(following.trial)?.reference ? [trials.get(following.trial)!.reference!] : []), ...following.shown]) void load(uid).catch(() => undefined);
    const note = el('p', { class: 'hint', 'aria-live': 'polite' });
    const next = el('button', { type: 'button', class: 'primary', 'data-testid': 'next' }, index + 1 === items.length ? 'Finish' : 'Next') as HTMLButtonElement;
    const ratings = new Map<string, number>();
    let choice: string | null = null;
    const check = (): void => {
      const unplayed = item.shown.filter((u) => !deck.plays[u]);
      let why = '';
      if (unplayed.length > 0) why = `Listen to every version first (${unplayed.length} not played yet).`;
      else if (config.type === 'mushra' && ![...ratings.values()].some((v) => v === 100)) why = 'One version is the reference itself: give at least one version 100.';
      else if (config.type === 'mushra' && ratings.size < item.shown.length) why = 'Rate every version.';
      else if (config.type === 'mos' && !ratings.size) why = 'Choose a rating.';
      else if ((config.type === 'ab' || config.type === 'abx') && choice === null) why = 'Make a choice.';
      next.disabled = why !== '';
      note.textContent = why;
    };
    const body = el('div', { class: 'screen' });
    const labelled = item.shown.map((uid, k) => ({ key: uid, label: config.type === 'mushra' || config.type === 'mos' ? String(k + 1) : LETTERS[k]! }));
    if (config.type === 'mushra') {
      body.append(deckButtons(deck, [{ key: t.reference!, label: 'Reference' }]), progressBar(deck));
      const table = el('div', { class: 'sliders', role: 'group', 'aria-label': 'Ratings' });
      labelled.forEach(({ key: uid, label }) => {
        const slider = el('input', { type: 'range', min: '0', max: '100', step: '1', value: '0', 'aria-label': `Score for version ${label}`, 'data-stimulus': uid }) as HTMLInputElement;
        const number = el('input', { type: 'number', min: '0', max: '100', step: '1', value: '', 'aria-label': `Score of version ${label}`, 'data-stimulus': uid, class: 'score' }) as HTMLInputElement;
        const set = (v: number): void => {
          const clamped = Math.max(0, Math.min(100, Math.round(v)));
          ratings.set(uid, clamped);
          slider.value = String(clamped);
          if (document.activeElement !== number) number.value = String(clamped);
          check();
        };
        slider.addEventListener('input', () => set(Number(slider.value)));
        number.addEventListener('input', () => { if (number.value !== '') set(Number(number.value)); });
        number.addEventListener('change', () => { if (number.value !== '') number.value = String(ratings.get(uid)); });
        table.append(el('div', { class: 'row' }, playButton(deck, uid, label, check), slider, number));
      });
      body.append(el('p', { class: 'scale' }, '0–20 Bad · 20–40 Poor · 40–60 Fair · 60–80 Good · 80–100 Excellent'), table);
    } else {
      // X plays A's or B's audio from a source of its own, so switching to it shows nothing of which it is.
      body.append(deckButtons(deck, config.type === 'abx' ? [...labelled, { key: 'X', label: 'X' }] : labelled, check), progressBar(deck));
      const options = config.type === 'mos'
        ? [5, 4, 3, 2, 1].map((score) => ({ value: String(score), label: `${score} ${MOS_LABELS[score - 1]}` }))
        : item.shown.map((uid, k) => ({ value: uid, label: config.type === 'ab' ? `${LETTERS[k]} sounds better` : `X is ${LETTERS[k]}` }));
      const legend = config.type === 'mos' ? 'Overall quality' : config.type === 'ab' ? 'Which sounds better?' : 'Which one is X?';
      const fieldset = el('fieldset', {}, el('legend', {}, legend));
      for (const o of options) {
        const radio = el('input', { type: 'radio', name: 'answer', value: o.value }) as HTMLInputElement;
        radio.addEventListener('change', () => {
          if (config.type === 'mos') ratings.set(item.shown[0]!, Number(o.value)); else choice = o.value;
          check();
        });
        fieldset.append(el('label', { class: 'option' }, radio, o.label));
      }
      body.append(fieldset);
    }
    next.addEventListener('click', () => {
      answers.push({
        trial: item.trial, shown: item.shown, x: item.x,
        ratings: [...ratings].map(([stimulus, score]) => ({ stimulus, score })),
        choice, startedAt: started, durationMs: Math.round(performance.now() - t0), plays: { ...deck.plays },
      });
      deck.stop();
      if (index + 1 < items.length) trial(index + 1); else finish();
    });
    check();
    show(el('h2', {}, `Screen ${index + 1} of ${items.length}`), body, note, next);
  };

  const finish = (): void => {
    current?.stop();
    current = null;
    const results: ResultsFile = {
      format: 'voicewright-listening-results', version: 1, testId: config.testId, testUid: config.testUid, digest: config.digest,
      listenerId, sessionUid, seed, startedAt, finishedAt: new Date().toISOString(), userAgent: navigator.userAgent.slice(0, 500), items: answers,
    };
    const name = `listening-test-${config.testId}-${listenerId.replace(/[^\w.-]+/g, '_')}.json`;
    const url = URL.createObjectURL(new Blob([JSON.stringify(results, null, 1)], { type: 'application/json' }));
    const link = el('a', { href: url, download: name, class: 'primary button' }, 'Download the results again');
    show(el('h1', {}, 'Thank you'),
      el('p', {}, `Your answers are in ${name}, which your browser is downloading now. Send that file to the person who gave you this test.`),
      link);
    link.click();
  };

  welcome();
}
