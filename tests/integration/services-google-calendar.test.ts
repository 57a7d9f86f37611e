import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importN8nWorkflow } from '../../electron/main/services/engine/n8n/import-n8n';
import { startCalendarApi, type CalendarApi } from '../fixtures/google-calendar-api';
import { approvingBrowser, authorizedGoogleConnection } from '../helpers/google-connection';
import { integrationsHost, pluginActions, type IntegrationsHost } from '../helpers/integrations-host';

let api: CalendarApi;
let env: IntegrationsHost;
let visits: Promise<unknown>[];

beforeAll(async () => (api = await startCalendarApi()));
afterAll(() => api.close());
beforeEach(async () => {
  visits = [];
  api.calendars.get(api.address)!.length = 0;
  env = await integrationsHost({ browser: approvingBrowser(visits) });
});
afterEach(() => env.host.dispose());

const connect = () => authorizedGoogleConnection(env, 'google-calendar', api, visits);
const { run, fail } = pluginActions(() => env, 'google-calendar');

describe('Google Calendar', () => {
  it('creates timed and all-day events with attendees and Meet, lists, updates and deletes them', async () => {
    const id = await connect();
    expect(api.oauth.authorizations.at(-1)).toMatchObject({ scope: 'https://www.googleapis.com/auth/calendar', access_type: 'offline' });
    expect(await env.call('integrations.connections.test', { id })).toMatchObject({ ok: true, status: 'connected' });
    const meeting = (await run('createEvent', { start: '2030-05-01 10:00', end: '2030-05-01T11:30:00+02:00', timeZone: 'Europe/Paris', summary: 'Planning', attendees: 'grace@example.com, linus@example.com', addMeet: true, sendUpdates: 'all' }, id)) as { id: string };
    expect(meeting).toMatchObject({
      status: 'confirmed',
      summary: 'Planning',
      start: { dateTime: '2030-05-01T10:00:00', timeZone: 'Europe/Paris' },
      end: { dateTime: '2030-05-01T11:30:00+02:00' },
      attendees: [{ email: 'grace@example.com', responseStatus: 'needsAction' }, { email: 'linus@example.com', responseStatus: 'needsAction' }],
      conferenceData: { conferenceSolution: { key: { type: 'hangoutsMeet' } } },
    });
    expect(api.notifications.at(-1)).toEqual({ eventId: meeting.id, sendUpdates: 'all' });
    const holiday = (await run('createEvent', { start: '2030-05-08', end: '2030-05-09', summary: 'Holiday', showMeAs: 'free' }, id)) as { id: string; start: unknown; transparency: string };
    expect(holiday).toMatchObject({ start: { date: '2030-05-08' }, transparency: 'transparent' });

    const may = (await run('listEvents', { timeMin: '2030-05-01T00:00:00Z', timeMax: '2030-06-01T00:00:00Z', orderBy: 'startTime' }, id)) as { summary: string }[];
    expect(may.map((event) => event.summary)).toEqual(['Planning', 'Holiday']);
    expect(((await run('listEvents', { query: 'holiday' }, id)) as { id: string }[]).map((event) => event.id)).toEqual([holiday.id]);
    expect(((await run('listEvents', { timeMin: '2030-05-02 00:00', timeMax: '2030-05-07 23:59' }, id)) as unknown[]).length).toBe(0);

    const moved = (await run('updateEvent', { eventId: meeting.id, start: '2030-05-02T09:00:00Z', end: '2030-05-02T10:00:00Z', location: 'Room 4' }, id)) as Record<string, unknown>;
    expect(moved).toMatchObject({ summary: 'Planning', location: 'Room 4', start: { dateTime: '2030-05-02T09:00:00Z' } });
    expect(await run('getEvent', { eventId: meeting.id }, id)).toMatchObject({ location: 'Room 4' });
    expect(await fail('updateEvent', { eventId: meeting.id }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'Give at least one field to change (summary, start, attendees…).' } });
    expect(await fail('updateEvent', { eventId: meeting.id, end: '2030-05-01T00:00:00Z' }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'Google Calendar events.patch failed: The specified time range is empty.' } });
    expect(await fail('createEvent', { start: 'next tuesday', end: '2030-05-01' }, id)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('"next tuesday" is not a date-time') } });

    expect(await run('deleteEvent', { eventId: holiday.id }, id)).toEqual({ id: holiday.id, deleted: true });
    expect(((await run('listEvents', {}, id)) as unknown[]).length).toBe(1);
    expect(await fail('deleteEvent', { eventId: holiday.id }, id)).toMatchObject({ ok: false, error: { message: 'Google Calendar events.delete failed: Resource has been deleted.' } });
  });

  it('answers availability from free/busy', async () => {
    const id = await connect();
    await run('createEvent', { start: '2030-05-01T10:00:00Z', end: '2030-05-01T11:00:00Z', summary: 'Busy' }, id);
    await run('createEvent', { start: '2030-05-01T12:00:00Z', end: '2030-05-01T13:00:00Z', summary: 'Free', showMeAs: 'free' }, id);
    expect(await run('availability', { timeMin: '2030-05-01T10:30:00Z', timeMax: '2030-05-01T12:30:00Z' }, id)).toEqual({ available: false });
    expect(await run('availability', { timeMin: '2030-05-01T11:00:00Z', timeMax: '2030-05-01T13:00:00Z' }, id)).toEqual({ available: true });
    expect(await run('availability', { timeMin: '2030-05-01T00:00:00Z', timeMax: '2030-05-02T00:00:00Z', output: 'busySlots' }, id)).toEqual({ busy: [{ start: '2030-05-01T10:00:00Z', end: '2030-05-01T11:00:00Z' }] });
    expect(await fail('availability', { calendarId: 'nobody@example.com', timeMin: '2030-05-01T00:00:00Z', timeMax: '2030-05-02T00:00:00Z' }, id)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('maps n8n Google Calendar nodes', () => {
    const calendar = { __rl: true, mode: 'list', value: 'team@group.calendar.google.com' };
    const imported = importN8nWorkflow(
      {
        name: 'Calendar',
        nodes: [
          { name: 'Create', type: 'n8n-nodes-base.googleCalendar', typeVersion: 1.3, parameters: { start: '={{ $json.start }}', end: '={{ $json.end }}', calendar, additionalFields: { summary: 'Call', attendees: ['a@example.com, b@example.com'], conferenceDataUi: { conferenceDataValues: { conferenceSolution: 'hangoutsMeet' } }, sendUpdates: 'all' } } },
          { name: 'List', type: 'n8n-nodes-base.googleCalendar', typeVersion: 1.2, parameters: { limit: 1, options: { orderBy: 'startTime', timeMax: '={{ $now.plus(1, "hour") }}', timeMin: '={{ $now }}', singleEvents: true }, calendar, operation: 'getAll' } },
          { name: 'Update', type: 'n8n-nodes-base.googleCalendar', typeVersion: 1, parameters: { eventId: '={{ $json.id }}', calendar: 'primary', operation: 'update', updateFields: { attendees: ['={{ $json.email }}'] } } },
          { name: 'Free?', type: 'n8n-nodes-base.googleCalendar', typeVersion: 1.3, parameters: { resource: 'calendar', calendar, timeMin: '={{ $json.from }}', timeMax: '={{ $json.to }}', options: { outputFormat: 'bookedSlots' } } },
        ],
        connections: {},
      },
      () => undefined,
    );
    expect(imported.unsupported).toEqual([]);
    expect(imported.document.nodes.map(({ type, parameters }) => ({ type, parameters }))).toEqual([
      { type: 'google-calendar.createEvent', parameters: { calendarId: 'team@group.calendar.google.com', start: '{{ $json.start }}', end: '{{ $json.end }}', summary: 'Call', attendees: ['a@example.com', 'b@example.com'], addMeet: true, sendUpdates: 'all' } },
      { type: 'google-calendar.listEvents', parameters: { calendarId: 'team@group.calendar.google.com', timeMin: '{{ $now }}', timeMax: '{{ $now.plus(1, "hour") }}', singleEvents: true, orderBy: 'startTime', showDeleted: false, limit: 1 } },
      { type: 'google-calendar.updateEvent', parameters: { calendarId: 'primary', eventId: '{{ $json.id }}', attendees: ['{{ $json.email }}'] } },
      { type: 'google-calendar.availability', parameters: { calendarId: 'team@group.calendar.google.com', timeMin: '{{ $json.from }}', timeMax: '{{ $json.to }}', output: 'busySlots' } },
    ]);
  });
});
