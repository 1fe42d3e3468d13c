/** `alcove compare`: several campaigns' learning curves and headlines on one page. */
export { readComparedCampaign, type ComparedCampaign, type ComparedPoint } from './read-compared-campaign.js';
export { renderComparePage } from './render-compare-page.js';
export { COMPARE_PAGE_FILE, comparePagePath, writeComparePage, type CompareOptions } from './write-compare-page.js';
