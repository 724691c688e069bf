// The hazard closed loop as an explicit state machine. The server is the only place a hazard changes state: each
// action is allowed from some states only, and an illegal one is answered with the ones that are allowed.
//
//   reported ──fix_on_spot (minor)──▶ fixed_on_spot ──accept──▶ closed
//   reported ──assign (五定)──▶ assigned ──start──▶ rectifying ──rectify──▶ rectified ──accept (someone else)──▶ closed
//                                       └──────────rectify──────────────────▲
//   reported ──escalate (major)──▶ escalated ──supervise──▶ supervised ──assign──▶ assigned …
//   any open state ──reject (with a reason)──▶ rejected
// "accepted" is a state of the imported history only (accepted, not yet closed); accept closes it.

export const HAZARD_STATES = ['reported', 'fixed_on_spot', 'assigned', 'rectifying', 'rectified', 'accepted', 'closed',
  'escalated', 'supervised', 'rejected'] as const;
export type HazardState = (typeof HAZARD_STATES)[number];

export const HAZARD_ACTIONS = ['fix_on_spot', 'assign', 'start', 'rectify', 'accept', 'escalate', 'supervise', 'reject'] as const;
export type HazardAction = (typeof HAZARD_ACTIONS)[number];

export type Severity = 'minor' | 'general' | 'major';

export const CLOSED_STATES: readonly HazardState[] = ['closed', 'rejected'];

const TRANSITIONS: Record<HazardAction, { from: readonly HazardState[]; to: HazardState; severities?: readonly Severity[] }> = {
  fix_on_spot: { from: ['reported'], to: 'fixed_on_spot', severities: ['minor'] },
  assign: { from: ['reported', 'supervised'], to: 'assigned' },
  start: { from: ['assigned'], to: 'rectifying' },
  rectify: { from: ['assigned', 'rectifying'], to: 'rectified' },
  accept: { from: ['fixed_on_spot', 'rectified', 'accepted'], to: 'closed' },
  escalate: { from: ['reported'], to: 'escalated', severities: ['major'] },
  supervise: { from: ['escalated'], to: 'supervised' },
  reject: { from: ['reported', 'fixed_on_spot', 'assigned', 'rectifying', 'rectified', 'accepted', 'escalated', 'supervised'], to: 'rejected' },
};

/** The actions a hazard in this state and of this severity allows. */
export function allowedActions(state: HazardState, severity: Severity): HazardAction[] {
  return HAZARD_ACTIONS.filter((a) => {
    const t = TRANSITIONS[a];
    return t.from.includes(state) && (!t.severities || t.severities.includes(severity));
  });
}

/** The state an action leads to, or null when it is not allowed from here. */
export function nextState(state: HazardState, severity: Severity, action: HazardAction): HazardState | null {
  return allowedActions(state, severity).includes(action) ? TRANSITIONS[action].to : null;
}

export const isOpen = (state: HazardState) => !CLOSED_STATES.includes(state);

/** How long a hazard may stay open from its report, by severity, unless the assignment sets a deadline. */
export const DEFAULT_DEADLINE_HOURS: Record<Severity, number> = { minor: 2, general: 24, major: 30 * 24 };

/** Who an overdue hazard escalates to, one level each time its deadline passes. */
export const ESCALATION_CHAIN = ['grid worker', 'group grid leader', 'village grid leader', 'township grid leader', 'chief grid leader'];
export const ESCALATION_CHAIN_ZH = ['网格员', '村民小组网格长', '村（社区）网格长', '乡镇网格长', '总网格长'];

/**
 * Who may take which action: grid workers (and summoned departments) fix and rectify; grid leaders and the chief
 * also assign, accept, escalate, supervise and reject; planners and viewers only look. allowedActions says what
 * the state allows; this is checked when someone acts.
 */
export const ROLE_ACTIONS: Record<string, readonly HazardAction[]> = {
  worker: ['fix_on_spot', 'start', 'rectify'],
  department: ['start', 'rectify'],
  leader: HAZARD_ACTIONS,
  chief: HAZARD_ACTIONS,
  planner: [],
  viewer: [],
};

export const roleMay = (role: string, action: HazardAction) => (ROLE_ACTIONS[role] ?? []).includes(action);

/** Who is asking, as far as the closed loop cares. */
export interface ActingAs {
  role: string;
  username: string;
  /** For a department: whether it was summoned to this hazard (departments act only where they were called). */
  summoned?: boolean;
}

/**
 * Why this actor may not take this action on this hazard, or null when they may. One rule for the panel's buttons
 * and for the server's refusal: the role must allow the action, the rectifier may not accept their own work, and a
 * department acts only on a hazard it was summoned to. The state itself is checked by nextState (409, not 403).
 */
export function actorRefusal(who: ActingAs, action: HazardAction, rectifiedBy: string | null): string | null {
  // The rectifier first: it is the reason that holds whatever the role, and the one the person needs to hear.
  if (action === 'accept' && rectifiedBy === who.username) return 'Acceptance must be by someone other than who rectified the hazard.';
  if (!roleMay(who.role, action)) return `A ${who.role} cannot ${action.replaceAll('_', ' ')} a hazard; a grid leader does.`;
  if (who.role === 'department' && !who.summoned) return 'Your department was not summoned to this hazard.';
  return null;
}

/** The actions the state allows and this actor may take: what the panel offers. */
export function actorActions(who: ActingAs, state: HazardState, severity: Severity, rectifiedBy: string | null): HazardAction[] {
  return allowedActions(state, severity).filter((a) => actorRefusal(who, a, rectifiedBy) === null);
}
