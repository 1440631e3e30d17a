// A small form for each vocabulary command that takes parameters: a control drawn from each
// parameter's type (a slider for a number with both bounds, a number field without them, a switch for
// a boolean, a list for a string with choices, a text field for any other string), starting at the
// default, and a button that sends the values. A slider sits on its parameter's grid: multiples of its
// step counted from 0 when 0 is in range, else from min. A telemetry field named like a parameter
// seeds its control with the vehicle's current value until the driver moves it. Each send carries an
// id, so the server's answer finds its form: a refusal shows beside the controls until the command
// next succeeds.

const KEY_CAPS = { ' ': '␣', ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→' };

/** A key hint as words, for an accessible label. */
export function keyName(key) {
  return key === ' ' ? 'Space' : key;
}

/** A key hint as printed on a key, for the button's face. */
export function keyCap(key) {
  return KEY_CAPS[key] || (key.length === 1 ? key.toUpperCase() : key);
}

export class CommandForms {
  constructor(container, send) {
    this.container = container;
    this.send = send;
    this.driver = false;
    this.sequence = 0;
    this.pending = new Map(); // id -> the form that sent it
    this.readers = new WeakMap(); // form -> () => the values to send
    this.seeders = new WeakMap(); // form -> [[parameter name, (value) => void]]
  }

  /** One form per command, kept (with what the driver set) while the command stays the same. */
  draw(commands, driver) {
    this.driver = driver;
    this.container.selectAll('form.command-form')
      .data(commands, (c) => [c.name, c.label, c.key, JSON.stringify(c.parameters)].join('\n'))
      .join((enter) => enter.append('form').each((c, i, nodes) => this.build(d3.select(nodes[i]), c)))
      .order()
      .select('button[type=submit]')
      .property('disabled', !driver);
  }

  /** Sends the named command with its form's values; false when it has no form. */
  submit(name) {
    const form = this.container.selectAll('form.command-form').filter((c) => c.name === name).node();
    if (!form) {
      return false;
    }
    this.sendFrom(form, d3.select(form).datum());
    return true;
  }

  /** A telemetry sample of the selected vehicle: its fields named like a parameter seed that control. */
  seed(sample) {
    this.container.selectAll('form.command-form').each((c, i, forms) => {
      for (const [name, seed] of this.seeders.get(forms[i]) || []) {
        if (Object.hasOwn(sample, name)) {
          seed(sample[name]);
        }
      }
    });
  }

  answered(message) {
    const form = this.take(message);
    if (!form) {
      return false;
    }
    showError(form, null);
    return true;
  }

  refused(message) {
    const form = this.take(message);
    if (!form || !form.isConnected) {
      return false; // its form has gone (another vehicle): the page's message line says it
    }
    showError(form, message.message);
    return true;
  }

  disconnected() {
    this.driver = false;
    this.pending.clear();
    this.container.selectAll('button[type=submit]').property('disabled', true);
  }

  take(message) {
    const form = message.id === undefined ? undefined : this.pending.get(message.id);
    this.pending.delete(message.id);
    return form;
  }

  sendFrom(form, c) {
    if (!this.driver) {
      return;
    }
    const id = `cmd-${c.name}-${++this.sequence}`;
    // The host reads command and id itself, so a parameter can never overwrite them.
    if (this.send({ ...this.readers.get(form)(), command: c.name, id })) {
      this.pending.set(id, form);
    }
  }

  build(form, c) {
    const base = `cmd-${safe(c.name)}`;
    // novalidate: the server checks every value and says what is wrong, beside the controls.
    form.attr('class', 'command-form').attr('data-command-form', c.name).attr('aria-label', c.label)
      .attr('novalidate', true)
      .on('submit', (event) => {
        event.preventDefault();
        this.sendFrom(form.node(), c);
      });
    const reads = c.parameters.map((p) => {
      const id = `${base}-${safe(p.name)}`;
      const row = form.append('div').attr('class', 'param').attr('data-param', p.name);
      row.append('label').attr('for', id).text(p.label);
      return [p.name, CONTROLS[controlFor(p)](row, p, id)];
    });
    this.seeders.set(form.node(), reads.map(([name, control]) => [name, control.seed]));
    this.readers.set(form.node(), () => {
      const values = {};
      for (const [name, { read }] of reads) {
        const value = read();
        if (value !== undefined) {
          values[name] = value;
        }
      }
      return values;
    });
    const button = form.append('button').attr('type', 'submit').attr('data-command', c.name)
      .attr('aria-label', c.label + (c.key ? ` (key: ${keyName(c.key)})` : ''))
      .text(c.label);
    if (c.key) {
      button.append('kbd').text(keyCap(c.key));
    }
    form.append('p').attr('class', 'command-error').attr('id', `${base}-error`)
      .attr('data-command-error', c.name).attr('role', 'alert').attr('hidden', true);
  }
}

function controlFor(p) {
  if (p.type === 'number' || p.type === 'integer') {
    // A slider has no empty position, so an optional number without a default gets a field.
    const bounded = typeof p.min === 'number' && typeof p.max === 'number';
    return bounded && (p.required || p.default !== undefined) ? 'slider' : 'stepper';
  }
  if (p.type === 'boolean') {
    return 'toggle';
  }
  return Array.isArray(p.choices) && p.choices.length > 0 ? 'choice' : 'text';
}

// Each draws its control in the row and returns how to read it (a value, or undefined to leave it
// out) and how to seed it with the vehicle's value (ignored once the driver has changed the control).
const CONTROLS = {
  slider(row, p, id) {
    const grid = sliderGrid(p);
    const start = p.default !== undefined ? p.default : 0;
    const input = row.append('input').attr('type', 'range').attr('id', id).attr('name', p.name)
      .attr('min', grid.first).attr('max', grid.last).attr('step', grid.step)
      .property('value', grid.snap(start));
    const output = row.append('output').attr('for', id);
    const read = () => grid.snap(Number(input.property('value')));
    const show = () => {
      output.text(grid.format(read()) + (p.unit ? ` ${p.unit}` : ''));
      input.attr('aria-valuetext', output.text());
    };
    let touched = false;
    input.on('input', () => {
      touched = true;
      show();
    });
    show();
    return {
      read,
      seed: (value) => {
        if (!touched && typeof value === 'number') {
          input.property('value', grid.snap(value));
          show();
        }
      },
    };
  },
  stepper(row, p, id) {
    const input = row.append('input').attr('type', 'number').attr('id', id).attr('name', p.name)
      .attr('inputmode', p.type === 'integer' ? 'numeric' : 'decimal')
      .attr('min', typeof p.min === 'number' ? p.min : null)
      .attr('max', typeof p.max === 'number' ? p.max : null)
      .attr('step', typeof p.step === 'number' ? p.step : p.type === 'integer' ? 1 : 'any')
      .attr('placeholder', p.required ? null : 'optional')
      .property('value', p.default !== undefined ? p.default : '');
    return {
      read: () => {
        const value = input.property('value');
        return value === '' ? undefined : Number(value);
      },
      seed: untilTouched(input, (value) => typeof value === 'number' && input.property('value', value)),
    };
  },
  toggle(row, p, id) {
    const input = row.append('input').attr('type', 'checkbox').attr('role', 'switch').attr('id', id)
      .attr('name', p.name).property('checked', p.default === true)
      // Optional without a default: left out until the driver first sets it.
      .property('indeterminate', !p.required && p.default === undefined);
    return {
      read: () => (input.property('indeterminate') ? undefined : input.property('checked')),
      seed: untilTouched(input, (value) => typeof value === 'boolean'
        && input.property('indeterminate', false).property('checked', value)),
    };
  },
  choice(row, p, id) {
    const select = row.append('select').attr('id', id).attr('name', p.name);
    const options = !p.required && p.default === undefined ? [''].concat(p.choices) : p.choices;
    select.selectAll('option').data(options).join('option')
      .attr('value', (v) => v)
      .text((v) => (v === '' ? '—' : v));
    select.property('value', p.default !== undefined ? p.default : options[0]);
    return {
      read: () => (select.property('value') === '' && !p.required ? undefined : select.property('value')),
      seed: untilTouched(select, (value) => p.choices.includes(value) && select.property('value', value)),
    };
  },
  text(row, p, id) {
    const input = row.append('input').attr('type', 'text').attr('id', id).attr('name', p.name)
      .attr('autocomplete', 'off').attr('placeholder', p.required ? null : 'optional')
      .property('value', p.default !== undefined ? p.default : '');
    return {
      read: () => (input.property('value') === '' && !p.required && p.default === undefined
        ? undefined : input.property('value')),
      seed: untilTouched(input, (value) => typeof value === 'string' && input.property('value', value)),
    };
  },
};

/** A seed that stops applying once the driver has changed the control. */
function untilTouched(control, apply) {
  let touched = false;
  control.on('input.seed change.seed', () => {
    touched = true;
  });
  return (value) => {
    if (!touched) {
      apply(value);
    }
  };
}

/**
 * A slider's grid: multiples of the step counted from 0 when 0 is in range, else from min, between
 * the bounds. Without a step of its own: 1 for an integer, and for a number the step of 1, 2 or 5
 * times a power of ten nearest to a hundredth of the range.
 */
export function sliderGrid(p) {
  const step = typeof p.step === 'number' && p.step > 0 ? p.step
    : p.type === 'integer' ? 1 : niceStep((p.max - p.min) / 100);
  const origin = p.min <= 0 && p.max >= 0 ? 0 : p.min;
  const decimals = Math.max(0, ...[step, origin].map(decimalsOf));
  const round = (v) => Number(v.toFixed(decimals));
  const first = round(origin + Math.ceil((p.min - origin) / step - 1e-9) * step);
  const last = round(origin + Math.floor((p.max - origin) / step + 1e-9) * step);
  return {
    step,
    first,
    last,
    snap: (v) => round(Math.min(last, Math.max(first, origin + Math.round((v - origin) / step) * step))),
    format: (v) => v.toFixed(decimals),
  };
}

function niceStep(raw) {
  if (!(raw > 0) || !Number.isFinite(raw)) {
    return 1;
  }
  const power = 10 ** Math.floor(Math.log10(raw));
  const candidates = [1, 2, 5, 10].map((m) => m * power);
  return candidates.reduce((best, c) => (Math.abs(Math.log(c / raw)) < Math.abs(Math.log(best / raw)) ? c : best));
}

/** How many decimals a step or origin has, such as 2 for 0.05 (at most 6). */
function decimalsOf(x) {
  for (let d = 0; d < 6; d++) {
    if (Math.abs(Number(x.toFixed(d)) - x) < 1e-9) {
      return d;
    }
  }
  return 6;
}

/** Shows the server's message in the form, marking the control it names; null clears it. */
function showError(form, text) {
  const f = d3.select(form);
  const error = f.select('.command-error');
  f.classed('refused', !!text);
  error.attr('hidden', text ? null : true).text(text || '');
  // The server names what it refuses in quotes: 'angle' must be from -30 to 30, not 45.
  f.selectAll('.param').each((d, i, rows) => {
    const row = d3.select(rows[i]);
    const named = !!text && text.includes(`'${row.attr('data-param')}'`);
    row.select('input, select')
      .attr('aria-invalid', named ? 'true' : null)
      .attr('aria-describedby', named ? error.attr('id') : null);
  });
}

function safe(name) {
  return String(name).replace(/[^A-Za-z0-9_-]/g, '_');
}
