import { airtable } from './services/airtable';
import type { Mapper } from './services/common';
import { discord } from './services/discord';
import { emailReadImap } from './services/email-read-imap';
import { emailSend } from './services/email-send';
import { github } from './services/github';
import { gmail, gmailTrigger } from './services/gmail';
import { googleCalendar } from './services/google-calendar';
import { googleDocs } from './services/google-docs';
import { googleDrive, googleDriveTrigger } from './services/google-drive';
import { googleSheets, googleSheetsTrigger } from './services/google-sheets';
import { notion, notionTrigger } from './services/notion';
import { postgres } from './services/postgres';
import { rssFeedRead, rssFeedReadTrigger } from './services/rss';
import { slack } from './services/slack';
import { supabase } from './services/supabase';
import { telegram, telegramTrigger } from './services/telegram';
import { twilio } from './services/twilio';
import { whatsApp } from './services/whatsapp';
import { wordpress } from './services/wordpress';

/**
 * n8n's service nodes (Google Sheets, Postgres...) as Echelon integration actions, one module
 * per service under services/. The node's n8n credential cannot come along: the import notes
 * which connection to choose.
 */
export const SERVICE_MAPPERS: Record<string, Mapper> = {
  'n8n-nodes-base.googleSheets': googleSheets,
  'n8n-nodes-base.postgres': postgres,
  'n8n-nodes-base.telegram': telegram,
  'n8n-nodes-base.telegramTrigger': telegramTrigger,
  'n8n-nodes-base.gmail': gmail,
  'n8n-nodes-base.gmailTrigger': gmailTrigger,
  'n8n-nodes-base.emailSend': emailSend,
  'n8n-nodes-base.slack': slack,
  'n8n-nodes-base.airtable': airtable,
  'n8n-nodes-base.googleDrive': googleDrive,
  'n8n-nodes-base.googleDriveTrigger': googleDriveTrigger,
  'n8n-nodes-base.googleCalendar': googleCalendar,
  'n8n-nodes-base.googleDocs': googleDocs,
  'n8n-nodes-base.twilio': twilio,
  'n8n-nodes-base.whatsApp': whatsApp,
  'n8n-nodes-base.notion': notion,
  'n8n-nodes-base.notionTrigger': notionTrigger,
  'n8n-nodes-base.emailReadImap': emailReadImap,
  'n8n-nodes-base.supabase': supabase,
  'n8n-nodes-base.github': github,
  'n8n-nodes-base.rssFeedRead': rssFeedRead,
  'n8n-nodes-base.rssFeedReadTrigger': rssFeedReadTrigger,
  'n8n-nodes-base.wordpress': wordpress,
  'n8n-nodes-base.discord': discord,
  'n8n-nodes-base.googleSheetsTrigger': googleSheetsTrigger,
};
