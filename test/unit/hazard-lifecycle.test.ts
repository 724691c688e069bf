import { describe, expect, it } from 'vitest';
import { actorActions, actorRefusal, allowedActions, HAZARD_STATES, isOpen, nextState, roleMay } from '../../server/hazards/hazard-lifecycle.ts';

describe('the hazard state machine', () => {
  it('walks a general hazard from report to closing', () => {
    let s = nextState('reported', 'general', 'assign')!;
    expect(s).toBe('assigned');
    s = nextState(s, 'general', 'start')!;
    s = nextState(s, 'general', 'rectify')!;
    expect(s).toBe('rectified');
    expect(nextState(s, 'general', 'accept')).toBe('closed');
  });

  it('fixes only minor hazards on the spot and escalates only major ones', () => {
    expect(nextState('reported', 'minor', 'fix_on_spot')).toBe('fixed_on_spot');
    expect(nextState('reported', 'general', 'fix_on_spot')).toBeNull();
    expect(nextState('reported', 'major', 'escalate')).toBe('escalated');
    expect(nextState('reported', 'general', 'escalate')).toBeNull();
    expect(nextState(nextState('reported', 'major', 'escalate')!, 'major', 'supervise')).toBe('supervised');
  });

  it('rejects from any open state and allows nothing once closed or rejected', () => {
    for (const s of HAZARD_STATES.filter(isOpen)) expect(allowedActions(s, 'general')).toContain('reject');
    expect(allowedActions('closed', 'general')).toEqual([]);
    expect(allowedActions('rejected', 'major')).toEqual([]);
  });

  it('never closes a hazard that was not rectified or fixed', () => {
    for (const s of ['reported', 'assigned', 'rectifying', 'escalated', 'supervised'] as const) {
      expect(nextState(s, 'general', 'accept')).toBeNull();
    }
  });

  it('lets grid workers fix and rectify, and leaders decide', () => {
    expect(roleMay('worker', 'rectify')).toBe(true);
    expect(roleMay('worker', 'assign')).toBe(false);
    expect(roleMay('worker', 'accept')).toBe(false);
    expect(roleMay('leader', 'accept')).toBe(true);
    expect(roleMay('planner', 'rectify')).toBe(false);
  });

  it('offers each actor only what the state allows and they may do', () => {
    const worker = { role: 'worker', username: 'w' };
    const leader = { role: 'leader', username: 'l' };
    expect(actorActions(worker, 'reported', 'minor', null)).toEqual(['fix_on_spot']);
    expect(actorActions(leader, 'reported', 'general', null)).toEqual(['assign', 'reject']);
    expect(actorActions(worker, 'assigned', 'general', null)).toEqual(['start', 'rectify']);
    // The one who rectified may not accept it, even a leader; another leader may.
    expect(actorActions(leader, 'rectified', 'general', 'l')).toEqual(['reject']);
    expect(actorActions(leader, 'rectified', 'general', 'w')).toEqual(['accept', 'reject']);
    expect(actorRefusal(leader, 'accept', 'l')).toMatch(/someone other/);
    // A department rectifies only where it was summoned.
    expect(actorActions({ role: 'department', username: 'fire' }, 'assigned', 'general', null)).toEqual([]);
    expect(actorActions({ role: 'department', username: 'fire', summoned: true }, 'assigned', 'general', null)).toEqual(['start', 'rectify']);
    expect(actorActions({ role: 'planner', username: 'p' }, 'reported', 'major', null)).toEqual([]);
  });
});
