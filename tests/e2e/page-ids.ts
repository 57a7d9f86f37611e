import { Page } from '../../shared/contract/app';

export const PAGE_IDS = Page.options;
