import { type Mapper, type Params, action, list, locator, obj, str } from './common';

/** n8n's Google Calendar node (v1–v1.3) as the google-calendar integration. */

/** n8n's additional or update fields as the integration's event details. */
function details(fields: Params): Params {
  const out: Params = {};
  for (const key of ['summary', 'description', 'location', 'visibility', 'guestsCanModify', 'guestsCanInviteOthers', 'guestsCanSeeOtherGuests'] as const) if (fields[key] !== undefined) out[key] = fields[key];
  if (fields.attendees !== undefined) out.attendees = list(fields.attendees).length > 0 ? list(fields.attendees).flatMap((entry) => str(entry).split(',')).map((entry) => entry.trim()).filter(Boolean) : str(fields.attendees);
  if (fields.allday !== undefined) out.allDay = fields.allday === 'yes' || fields.allday === true;
  if (fields.color) out.colorId = str(fields.color);
  if (fields.showMeAs) out.showMeAs = str(fields.showMeAs) === 'transparent' ? 'free' : 'busy';
  if (fields.timezone || fields.timeZone) out.timeZone = str(fields.timezone ?? fields.timeZone);
  if (fields.rrule) out.recurrence = [`RRULE:${str(fields.rrule).replace(/^RRULE:/, '')}`];
  else if (fields.repeatFrecuency) {
    const until = fields.repeatUntil ? `;UNTIL=${str(fields.repeatUntil).replace(/[-:]/g, '').replace(/\.\d+/, '')}` : '';
    const count = fields.repeatHowManyTimes ? `;COUNT=${Number(fields.repeatHowManyTimes)}` : '';
    out.recurrence = [`RRULE:FREQ=${str(fields.repeatFrecuency).toUpperCase()}${count}${until}`];
  }
  if (obj(obj(fields.conferenceDataUi).conferenceDataValues).conferenceSolution) out.addMeet = true;
  return out;
}

const sendUpdates = (fields: Params): Params => (fields.sendUpdates ? { sendUpdates: str(fields.sendUpdates) } : {});

export const googleCalendar: Mapper = (node, params, ctx) => {
  const resource = str(params.resource, 'event');
  const calendarId = locator(params.calendar).value || 'primary';
  const options = obj(params.options);
  const cal = (actionId: string, parameters: Params) => action(node, ctx, 'google-calendar', 'Google Calendar', actionId, parameters);
  if (resource === 'calendar') {
    if (str(params.operation, 'availability') !== 'availability') return undefined;
    const format = str(options.outputFormat, 'availability');
    return cal('availability', { calendarId, timeMin: str(params.timeMin), timeMax: str(params.timeMax), output: format === 'bookedSlots' ? 'busySlots' : format === 'raw' ? 'raw' : 'availability', ...(options.timezone ? { timeZone: str(options.timezone) } : {}) });
  }
  if (resource !== 'event') return undefined;
  const eventId = str(params.eventId);
  switch (str(params.operation, 'create')) {
    case 'create': {
      const fields = obj(params.additionalFields);
      return cal('createEvent', { calendarId, start: str(params.start), end: str(params.end), ...details(fields), ...sendUpdates(fields) });
    }
    case 'update': {
      const fields = obj(params.updateFields);
      const times: Params = { ...(params.start || fields.start ? { start: str(params.start ?? fields.start) } : {}), ...(params.end || fields.end ? { end: str(params.end ?? fields.end) } : {}) };
      return cal('updateEvent', { calendarId, eventId, ...times, ...details(fields), ...sendUpdates(fields) });
    }
    case 'get':
      return cal('getEvent', { calendarId, eventId, ...(options.timeZone ? { timeZone: str(options.timeZone) } : {}) });
    case 'delete':
      return cal('deleteEvent', { calendarId, eventId, ...sendUpdates(options) });
    case 'getAll': {
      const timeMin = params.timeMin ?? options.timeMin;
      const timeMax = params.timeMax ?? options.timeMax;
      const expand = str(options.recurringEventHandling, 'expand') === 'expand' || options.singleEvents === true;
      return cal('listEvents', {
        calendarId,
        ...(timeMin ? { timeMin: str(timeMin) } : {}),
        ...(timeMax ? { timeMax: str(timeMax) } : {}),
        ...(options.query ? { query: str(options.query) } : {}),
        singleEvents: expand,
        ...(options.orderBy ? { orderBy: str(options.orderBy) } : {}),
        showDeleted: options.showDeleted === true,
        ...(options.timeZone ? { timeZone: str(options.timeZone) } : {}),
        limit: params.returnAll === true ? 10_000 : Number(params.limit ?? 50),
      });
    }
    default:
      return undefined;
  }
};
