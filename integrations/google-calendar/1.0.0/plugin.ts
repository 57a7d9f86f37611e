import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { EchelonError } from '../../../shared/contract/errors';
import { googleJson } from '../../../shared/integrations/google';
import type { HttpRequest } from '../../../shared/integrations/http';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { AvailabilityParams, CalendarConnection, CreateParams, DeleteParams, GetParams, ListParams, UpdateParams } from './manifest';

type Context = ActionContext<z.output<typeof CalendarConnection>>;
type Details = Omit<z.output<typeof UpdateParams>, 'calendarId' | 'eventId' | 'sendUpdates'>;

const call = <T = Record<string, unknown>>(ctx: Context, what: string, request: HttpRequest) => googleJson<T>(ctx.request, `Google Calendar ${what}`, request);
const events = (calendarId: string) => `calendar/v3/calendars/${encodeURIComponent(calendarId)}/events`;
const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const addresses = (value: string | string[] | undefined) => (Array.isArray(value) ? value : (value ?? '').split(',')).map((entry) => entry.trim()).filter(Boolean);

/**
 * A time as Calendar takes it: a date for all-day events; a date-time with its offset as given,
 * or a local one ("2024-05-01 10:00") read in the time zone, which Calendar then applies.
 */
function time(value: string, allDay: boolean | undefined, timeZone: string): Record<string, string> {
  const text = value.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  if (allDay || dateOnly) {
    if (!/^\d{4}-\d{2}-\d{2}/.test(text)) throw new EchelonError('invalid_input', `"${value}" is not a date: write it as 2024-05-01.`);
    return { date: text.slice(0, 10) };
  }
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?$/.exec(text);
  if (local) return { dateTime: `${local[1]}T${local[2]}${local[3] ?? ':00'}`, timeZone };
  const parsed = new Date(text);
  if (Number.isNaN(parsed.getTime())) throw new EchelonError('invalid_input', `"${value}" is not a date-time: write it as 2024-05-01T10:00:00+02:00 or 2024-05-01 10:00.`);
  return { dateTime: /[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text : parsed.toISOString(), timeZone };
}

/** The event resource's fields the parameters set; absent ones are left out so a PATCH keeps them. */
function eventBody(params: Details): Record<string, unknown> {
  const timeZone = params.timeZone ?? localZone();
  const body: Record<string, unknown> = {};
  for (const key of ['summary', 'description', 'location', 'colorId', 'visibility', 'recurrence', 'guestsCanModify', 'guestsCanInviteOthers', 'guestsCanSeeOtherGuests'] as const) if (params[key] !== undefined) body[key] = params[key];
  if (params.start) body.start = time(params.start, params.allDay, timeZone);
  if (params.end) body.end = time(params.end, params.allDay, timeZone);
  if (params.attendees !== undefined) body.attendees = addresses(params.attendees).map((email) => ({ email }));
  if (params.showMeAs) body.transparency = params.showMeAs === 'free' ? 'transparent' : 'opaque';
  if (params.addMeet) body.conferenceData = { createRequest: { requestId: randomUUID(), conferenceSolutionKey: { type: 'hangoutsMeet' } } };
  return body;
}

const instant = (value: string) => {
  const parsed = new Date(value.includes('T') || !value.includes(' ') ? value : value.replace(' ', 'T'));
  if (Number.isNaN(parsed.getTime())) throw new EchelonError('invalid_input', `"${value}" is not a date-time.`);
  return parsed.toISOString();
};

export default defineIntegrationCode({
  actions: {
    async listEvents(params: z.output<typeof ListParams>, ctx: Context) {
      const found: Record<string, unknown>[] = [];
      let pageToken: string | undefined;
      do {
        const page = await call<{ items: Record<string, unknown>[]; nextPageToken?: string }>(ctx, 'events.list', {
          url: events(params.calendarId),
          query: {
            maxResults: Math.min(2500, params.limit - found.length),
            singleEvents: params.singleEvents,
            showDeleted: params.showDeleted,
            ...(params.timeMin ? { timeMin: instant(params.timeMin) } : {}),
            ...(params.timeMax ? { timeMax: instant(params.timeMax) } : {}),
            ...(params.query ? { q: params.query } : {}),
            ...(params.orderBy ? { orderBy: params.orderBy } : {}),
            ...(params.timeZone ? { timeZone: params.timeZone } : {}),
            ...(pageToken ? { pageToken } : {}),
          },
        });
        found.push(...page.items);
        pageToken = page.nextPageToken;
      } while (pageToken && found.length < params.limit);
      return found.slice(0, params.limit);
    },
    async getEvent(params: z.output<typeof GetParams>, ctx: Context) {
      return call(ctx, 'events.get', { url: `${events(params.calendarId)}/${encodeURIComponent(params.eventId)}`, query: params.timeZone ? { timeZone: params.timeZone } : {} });
    },
    async createEvent(params: z.output<typeof CreateParams>, ctx: Context) {
      const body = eventBody(params);
      return call(ctx, 'events.insert', { method: 'POST', url: events(params.calendarId), query: { sendUpdates: params.sendUpdates, ...(params.addMeet ? { conferenceDataVersion: 1 } : {}) }, body: { type: 'json', value: body } });
    },
    async updateEvent(params: z.output<typeof UpdateParams>, ctx: Context) {
      const body = eventBody(params);
      if (Object.keys(body).length === 0) throw new EchelonError('invalid_input', 'Give at least one field to change (summary, start, attendees…).');
      return call(ctx, 'events.patch', { method: 'PATCH', url: `${events(params.calendarId)}/${encodeURIComponent(params.eventId)}`, query: { sendUpdates: params.sendUpdates, ...(params.addMeet ? { conferenceDataVersion: 1 } : {}) }, body: { type: 'json', value: body } });
    },
    async deleteEvent(params: z.output<typeof DeleteParams>, ctx: Context) {
      await call(ctx, 'events.delete', { method: 'DELETE', url: `${events(params.calendarId)}/${encodeURIComponent(params.eventId)}`, query: { sendUpdates: params.sendUpdates } });
      return { id: params.eventId, deleted: true };
    },
    async availability(params: z.output<typeof AvailabilityParams>, ctx: Context) {
      const answer = await call<{ calendars: Record<string, { busy?: { start: string; end: string }[]; errors?: { reason: string }[] }> }>(ctx, 'freeBusy', {
        method: 'POST',
        url: 'calendar/v3/freeBusy',
        body: { type: 'json', value: { timeMin: instant(params.timeMin), timeMax: instant(params.timeMax), ...(params.timeZone ? { timeZone: params.timeZone } : {}), items: [{ id: params.calendarId }] } },
      });
      if (params.output === 'raw') return answer;
      const calendar = answer.calendars[params.calendarId];
      if (!calendar || calendar.errors?.length) throw new EchelonError('not_found', `Google Calendar has no free/busy information for "${params.calendarId}" (${calendar?.errors?.[0]?.reason ?? 'notFound'}): check the calendar ID and that the account can see it.`);
      const busy = calendar.busy ?? [];
      return params.output === 'busySlots' ? { busy } : { available: busy.length === 0 };
    },
    async calendars(_params: Record<string, never>, ctx: Context) {
      return (await call<{ items: Record<string, unknown>[] }>(ctx, 'calendarList.list', { url: 'calendar/v3/users/me/calendarList' })).items;
    },
  },
});
