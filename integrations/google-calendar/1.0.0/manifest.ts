import { z } from 'zod';
import { googleAuth } from '../../../shared/integrations/google';
import { definePlugin } from '../../../shared/integrations/manifest';

export const CalendarConnection = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).meta({ title: 'API URL' }).default('https://www.googleapis.com'),
});

const Calendar = z.string().trim().min(1).default('primary').meta({ description: 'The calendar ID (an address, or "primary").' });
const When = z.string().trim().min(1).meta({ description: 'An ISO date-time (2024-05-01T10:00:00+02:00), a local one (2024-05-01 10:00) read in the time zone, or a date for all-day events.' });
const Attendees = z.union([z.string(), z.array(z.string())]).optional().meta({ description: 'Addresses: one, several separated by commas, or a list.' });
const SendUpdates = z.enum(['all', 'externalOnly', 'none']).default('none').meta({ description: 'Who Google emails about the change.' });
const Details = z.object({
  summary: z.string().optional(),
  description: z.string().optional().meta({ 'x-multiline': true }),
  location: z.string().optional(),
  attendees: Attendees,
  timeZone: z.string().optional().meta({ description: 'An IANA zone (Europe/Paris); this machine\'s when empty.' }),
  allDay: z.boolean().optional(),
  colorId: z.string().optional(),
  visibility: z.enum(['default', 'public', 'private', 'confidential']).optional(),
  showMeAs: z.enum(['busy', 'free']).optional(),
  recurrence: z.array(z.string()).optional().meta({ description: 'RRULE lines, e.g. RRULE:FREQ=WEEKLY;COUNT=4.' }),
  addMeet: z.boolean().optional().meta({ description: 'Add a Google Meet link.' }),
  guestsCanModify: z.boolean().optional(),
  guestsCanInviteOthers: z.boolean().optional(),
  guestsCanSeeOtherGuests: z.boolean().optional(),
});

export const ListParams = z.object({
  calendarId: Calendar,
  timeMin: z.string().optional().meta({ description: 'Events ending after this time.' }),
  timeMax: z.string().optional().meta({ description: 'Events starting before this time.' }),
  query: z.string().optional().meta({ description: 'Free text searched in the events.' }),
  singleEvents: z.boolean().default(true).meta({ description: 'Recurring events expanded into their occurrences.' }),
  orderBy: z.enum(['startTime', 'updated']).optional(),
  showDeleted: z.boolean().default(false),
  timeZone: z.string().optional(),
  limit: z.number().int().min(1).max(10_000).default(250),
});
export const EventRef = z.object({ calendarId: Calendar, eventId: z.string().trim().min(1) });
export const GetParams = EventRef.extend({ timeZone: z.string().optional() });
export const CreateParams = Details.extend({ calendarId: Calendar, start: When, end: When, sendUpdates: SendUpdates });
export const UpdateParams = Details.extend({ calendarId: Calendar, eventId: z.string().trim().min(1), start: When.optional(), end: When.optional(), sendUpdates: SendUpdates });
export const DeleteParams = EventRef.extend({ sendUpdates: SendUpdates });
export const AvailabilityParams = z.object({
  calendarId: Calendar,
  timeMin: z.string().min(1),
  timeMax: z.string().min(1),
  timeZone: z.string().optional(),
  output: z.enum(['availability', 'busySlots', 'raw']).default('availability').meta({ description: 'Whether the span is free, the busy slots, or Google\'s answer.' }),
});

export default definePlugin({
  id: 'google-calendar',
  name: 'Google Calendar',
  version: '1.0.0',
  description: 'List, create, update and delete events (with attendees and Meet links) and check availability.',
  category: 'Productivity',
  icon: 'calendar',
  type: 'api',
  auth: googleAuth(['https://www.googleapis.com/auth/calendar']),
  connection: CalendarConnection,
  rateLimit: { requestsPerSecond: 10, burst: 20 },
  healthCheck: { action: 'calendars' },
  actions: [
    { id: 'listEvents', name: 'List events', description: 'Events in a time span or matching a search, one item each.', parameters: ListParams, sideEffects: false, output: 'items' },
    { id: 'getEvent', name: 'Get an event', description: 'One event by ID.', parameters: GetParams, sideEffects: false },
    { id: 'createEvent', name: 'Create an event', description: 'An event, timed or all-day, with attendees.', parameters: CreateParams, recovery: 'wait' },
    { id: 'updateEvent', name: 'Update an event', description: 'Changes only the fields given.', parameters: UpdateParams },
    { id: 'deleteEvent', name: 'Delete an event', description: 'Cancels it, telling attendees as chosen.', parameters: DeleteParams },
    { id: 'availability', name: 'Check availability', description: 'Whether a calendar is free between two times (free/busy).', parameters: AvailabilityParams, sideEffects: false },
    { id: 'calendars', name: 'List calendars', description: 'The calendars of the signed-in account.', parameters: z.object({}), sideEffects: false, output: 'items' },
  ],
  triggers: [],
});
