<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>AddSeriesCommand</name>
    <message>
        <source>Add {title}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AddSeriesDialog</name>
    <message>
        <source>Add series to {franchise}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Series of your library that are in no franchise yet. To move a series from another franchise, take it out of that one first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Series to add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every series in your library is in a franchise already. Add a series to the library first (from TVmaze or by hand), or take one out of its franchise.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AddServerDialog</name>
    <message>
        <source>Sign in to {name} again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a media server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A user name and password, or an API key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As the server calls itself</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark played there what I mark watched here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>like http://192.168.1.10:{port}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Token (X-Plex-Token)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API &amp;key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to {address}…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlertService</name>
    <message>
        <source>There is no alert {id}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no alert {ids}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a followed series has alerts to mute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That alert is not about that series.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a spin-off alert can be tracked as a new series.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the spin-off&apos;s title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The series it spins off from is no longer in the library.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{kind} is not a kind of news.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose at least one kind.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only an alert from the news can be corrected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dismissed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The alert “{headline}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlertsController</name>
    <message>
        <source>Marked every alert read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Dismissed %n alert(s); they stay on their series&apos; pages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n new alert(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some feeds could not be read ({names}); see News feeds….</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This alert is now “{kinds}”; news like it will be typed so.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Took {title} off this alert; the same story will not be matched to it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed the alert: it is not about {title}, and the same story will not be matched to it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracking {title}: announced, a spin-off in your library.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlertsModel</name>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Headline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{main}, also {others}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unread: {kind}: {headline}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{day}  ·  %n unread</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlertsPage</name>
    <message>
        <source>All series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an alert to read it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>premiere: {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>muted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why you see this: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark unread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not about {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unmute all “{kind}” alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mute all “{kind}” alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unmute alerts about {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mute alerts about {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open article</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Track this spin-off…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong kind?…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not about this series</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) shown of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n muted hidden</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n unread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The one alert here is muted. Tick “Show muted” to see it and unmute it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>All %n alerts here are muted. Tick “Show muted” to see them and unmute them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>No alerts match these filters. %n muted (one|ones) (does|do): tick “Show muted” to see (it|them).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No alerts match these filters.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlertsView</name>
    <message>
        <source>Kind of alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unread only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show muted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Muted alerts are kept, not counted and not notified; show them to unmute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark all read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>News feeds…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The RSS and Atom feeds read for announcements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No alerts yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renewals, cancellations, premiere dates and new spin-offs of the series you follow show up here: from TVmaze when it lists them, and from the news feeds you choose. New episodes and complete seasons are announced too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose news feeds…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter opens the selected alert&apos;s article, Delete dismisses it; the Menu key or Shift+F10 lists what else you can do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open article</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Track this spin-off…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark unread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong kind?…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say what this news is; news like it is typed that way from now on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not about this series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the series off this alert; the same story is not matched to it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No alerts match these filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show all alerts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AnnouncedSeries</name>
    <message>
        <source>Date not announced</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AnnouncementKind</name>
    <message>
        <source>Spin-off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Premiere date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New episode out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Season complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Premiere soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New season</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Episode scheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Casting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trailer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>News</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Joined a franchise</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Background</name>
    <message>
        <source>watchtracker: watching for alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open watchtracker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit watchtracker</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupInfo</name>
    <message>
        <source>{reason} (from schema {revision})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupReason</name>
    <message>
        <source>Daily</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before upgrade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before restore</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupService</name>
    <message>
        <source>The backup {target} could not be found once made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not restored: {problem} The library was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not restored: watchtracker could not keep a copy of the library first ({reason}). The library was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not restored: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not restored: the library {path} is in use by another program (close watchtracker&apos;s window first). The library was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not restored: watchtracker could not replace {path} ({reason}). The library was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>watchtracker could not write the backup {target}: {reason}. Nothing was changed. Check the disk space and the folder&apos;s permissions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no backup {name}. &apos;watchtracker restore --list&apos; lists them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not restored: there is no file {path}. The library was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <source>Backups</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>A copy of the library is made every day, before each import and before an upgrade. The newest %n are kept (a setting). Restoring one keeps the library as it is now as one more backup first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No backups yet.
The first daily copy is made when watchtracker starts; “Back up now” makes one at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backed up: {name} ({size}).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupsModel</name>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <source>{hours} h</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CastModel</name>
    <message>
        <source>Actor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Character</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CatalogService</name>
    <message>
        <source>There is no series with id {id}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} is already back in the library.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Premiere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A series needs a title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A title can be at most {count} characters long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown status {status}; use one of: {allowed}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Premiere date {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A network name can be at most {count} characters long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The overview can be at most {count} characters long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown relation {kind}; use one of: {allowed}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A series cannot be related to itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These two series are already related that way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That relation would make a series its own ancestor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A series called “{title}” is already in the library. To add another, tell them apart, e.g. with its year.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no franchise with id {id}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CatchUp</name>
    <message>
        <source>Catch up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No dated premiere ahead for {title}: nothing to plan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catch up with the {franchise} before {premiere}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catch up with the franchise before {premiere}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catch up before {premiere}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are caught up: nothing to watch before {day}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a few minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{plan} — about {time} a day for %n day(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{plan} — that is today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{series}, then {next}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{plan}. Start with {series}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{plan} (the runtime of %n episode(s) is a guess)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} itself comes out {day}; nothing of its own to watch before.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>season {season} of {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the premiere of {title}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CatchUpPlan</name>
    <message numerus="yes">
        <source>%n episode(s), 1 hour to watch before {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n episode(s), {hours} hours to watch before {date}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChangedElsewhere</name>
    <message>
        <source>{what} was changed on another computer (or by another window) since you opened it; nothing was saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Countdown</name>
    <message>
        <source>today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tomorrow</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>in %n day(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in {minutes} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in {hours} h {minutes} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in {hours} h</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CountdownCard</name>
    <message>
        <source>Space or Enter selects it in the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{weekday} {day} {month}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>watchtracker hit a problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong inside watchtracker. This is a bug, not something you did. Your library is safe: the change in progress was not saved.

You can keep working. To help fix it, copy the details below into a bug report. The details are also in the log file:
{log_file}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong inside watchtracker. This is a bug, not something you did. Your library is safe: the change in progress was not saved.

You can keep working. To help fix it, copy the details below into a bug report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CurrentWindow</name>
    <message>
        <source>Restoring {backup} once TVmaze has answered…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restoring {backup}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored {backup}. The library as it was is kept as a “Before restore” backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored {backup}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{backup} was not restored; the library is as it was.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeleteSeriesCommand</name>
    <message>
        <source>Delete {title}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DesktopNotifications</name>
    <message>
        <source>Open</source>
        <comment>a notification&apos;s action</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DetailController</name>
    <message>
        <source>Opening your library…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} — watchtracker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That series is no longer in the library (was it deleted elsewhere?).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Marked %n episode(s) watched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Marked %n episode(s) not watched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Marked %n episode(s) watched again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>series</source>
        <comment>an undo label&apos;s series with no title</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DetailPage</name>
    <message>
        <source>Toggle watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>← {section}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to {section}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the series to keep notes on it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Episodes (%n)</source>
        <comment>a tab</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Cast (%n)</source>
        <comment>a tab</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Related (%n)</source>
        <comment>a tab</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Announcements (%n)</source>
        <comment>a tab</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{status} — premiere {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part of the {franchise}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No overview yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unfollow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove from your library (its viewings are kept)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to your library</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{watched} of %n episode(s) watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} was expected to premiere {when}; no date has been announced since and no episodes are listed. Find on TVmaze may know more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} is {status}: no episodes are listed yet. It is expected to premiere {when}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} is {status}: no episodes are listed yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No episodes are listed for this series.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No related series. Add one with Edit….</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not followed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No announcements about this series yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>source</source>
        <comment>a link to it</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also about: {titles}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{day} {month} {year}</source>
        <comment>abbreviated month</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark {episode} watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark {episode} unwatched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watch {episode} again</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Mark %n episode(s) watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Mark %n episode(s) unwatched</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Watch %n episode(s) again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark everything up to {episode} watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark all of {title} watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watch again (count another viewing)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watched up to here ({episode})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DetailView</name>
    <message>
        <source>← Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back (Alt+Left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find on TVmaze…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link this series to its TVmaze entry: its seasons and episodes come in, your history stays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where you are with it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Favourite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not rated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> / 10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your rating, 1 to 10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not in your library yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About this series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark unwatched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watch again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watched up to here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark all watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seasons and episodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Space marks the selected episodes watched, or unwatched when they all are; the Menu key or Shift+F10 lists what else you can do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Episodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Related series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Related</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Announcements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your notes on this series. They are saved as you type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EditSeriesCommand</name>
    <message>
        <source>Edit {title}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EpisodeCode</name>
    <message>
        <source>{text} is not an episode code; write it like S01E02</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EpisodesModel</name>
    <message>
        <source>Episode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runtime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not aired yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No episodes yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Episode {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TBA</source>
        <comment>no air date known</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{day} {month} {year}</source>
        <comment>abbreviated month</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{day}, {time}</source>
        <comment>a day and a time of day</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{season}  ·  %n episode(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Watched %n time(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <source>The library is read-only: nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The library is damaged: nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>save the change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed on another computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what}: “{theirs}” there, “{mine}” yours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FeedService</name>
    <message>
        <source>{url} is in your feeds already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No feed {key} in your feeds (watchtracker feeds list shows them).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That feed is no longer in your feeds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Polling {feed}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the feed&apos;s address, e.g. https://example.com/feed/.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{address} is not a web address (a feed&apos;s looks like https://example.com/feed/).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That address is too long to be a feed&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FeedsDialog</name>
    <message>
        <source>On</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>News feeds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Headlines from these RSS and Atom feeds that name a series you follow — its title, franchise or lead character — become alerts, sorted into renewals, cancellations, premiere dates, spin-offs and more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feed address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feed address, e.g. https://example.com/feed/</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feed name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the feeds again now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your news feeds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check feeds now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Well-known TV-news feeds (tick the ones you want):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Well-known TV-news feeds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the ticked feeds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read this feed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switched off: not read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename feed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You seem to be offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None of your feeds could be reached. Check your connection, then Retry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your feed could not be reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You may be offline, or its site may be down. Check your connection, then Retry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The feeds could not be checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong while checking them. Retry in a moment; if it keeps happening, the details are in the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not be reached: offline, or site down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not be reached: you may be offline, or the site may be down. It is tried again at every check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Did not answer in time: site busy?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Did not answer in time: the site may be busy. It is tried again at every check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection broke while reading it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection broke while the feed was being read. It is tried again at every check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its site had a problem answering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its site had a problem answering (a server error); nothing is wrong on your side. It is tried again at every check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switched off</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Read today at {time}; %n alert(s) from it so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Read yesterday at {time}; %n alert(s) from it so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Read {day} at {time}; %n alert(s) from it so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not read yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FollowCommand</name>
    <message>
        <source>Follow {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unfollow {title}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FranchiseCommand</name>
    <message>
        <source>New franchise {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename to {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop following {name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FranchiseItemDelegate</name>
    <message>
        <source>Following</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FranchiseListModel</name>
    <message numerus="yes">
        <source>%n series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no series yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you follow all</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>you follow %n</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none followed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You follow this franchise: a series that joins it is followed too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}, {summary}, followed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FranchiseService</name>
    <message>
        <source>There is no series with id {id}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The franchise {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is already back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These two series are not related that way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no franchise with id {id}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A franchise needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A franchise name can be at most {count} characters long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The description can be at most {count} characters long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is a franchise called “{name}” already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown relation {kind}; use one of: {allowed}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FranchiseTreeModel</name>
    <message>
        <source>expected, no date since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not out yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no episodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Premiere unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{overdue}: Find on TVmaze may know more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Premieres {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Premiered {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not followed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Years</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{watched} of %n episodes out watched</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FranchisesController</name>
    <message numerus="yes">
        <source>{titles} and %n more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{done} Undo with Ctrl+Z.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the franchise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made the franchise {name}. Add its series with Add series….</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renamed {old} to {new}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the franchise {name}? Its series stay in your library, with their relations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted {name}; its series stay in your library.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Following {name}: %n more series followed ({titles}). A series that joins it is followed too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Following {name}: you follow all its series already. A series that joins it is followed too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped following {name}; its series stay in your library.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add {titles} to {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added {titles} to {name}; followed, as you follow {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added {titles} to {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take {title} out of {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Took {title} out of {name}; it stays in your library.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relate {series} to {other}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{series}: {relation} {other}; {joiner} joined {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{series}: {relation} {other}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unrelate {a} and {b}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{a} is no longer marked {relation} {b}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FranchisesPage</name>
    <message>
        <source>No series in {name} yet. Add series from your library, or relate a series to one of its series and it joins.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You follow this franchise: a series that joins it is followed too. Click to stop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow every series of this franchise, and any series that joins it later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a series that is related to another one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add relation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove relation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove from franchise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop following</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No series yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you follow all of them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you follow it</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>you follow %n of them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you follow none of them</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{watched} of %n episodes watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>followed as a whole</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FranchisesView</name>
    <message>
        <source>Follow this franchise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ Following</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag a series onto another to relate them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading your franchises…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No franchises yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A franchise gathers the series of one universe — Bosch, its spin-offs Bosch: Legacy and Ballard — with how they relate (spin-off, sequel, prequel, revival, remake), the order to watch them in, and how far you are in each. Follow a franchise and every series that joins it is followed too, with an alert.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New franchise…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A series added as a spin-off of one in a franchise joins it by itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Franchises</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add series…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add relation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove relation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove from franchise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Series of the franchise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter opens the selected series, Delete takes it out of the franchise; the Menu key or Shift+F10 lists what else you can do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders to watch in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportCancelled</name>
    <message>
        <source>The import was cancelled; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Exports (*.zip *.csv *.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TV Time:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the zip of your data export (a password-protected zip: unpack it first, then choose the folder)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trakt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the zip of your data export, or the folder of its JSON files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SeriesGuide:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the JSON backup of your shows, or the folder that holds it with the lists backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IMDb:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the CSV export of your ratings or of your watchlist, in any display language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>watchtracker:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a file made with Library &gt; Export the library…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import your history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt; Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bring your history with you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>watchtracker reads TV Time&apos;s data export, Trakt&apos;s export, a SeriesGuide backup, an IMDb ratings or watchlist CSV, and its own export. Choose the file, the zip, or the folder it came in: the format is recognised from what is inside. Nothing is written before you have seen what the import will do, and a backup of your library is made first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export file or folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An export file, a zip, or a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recognise from the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look up shows your library does not have on TVmaze, by their ids</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs the internet. Without it, shows your library does not know yet are kept for later and can be matched again from this window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to choose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try them again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match by hand…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep both viewings (a rewatch)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip the file&apos;s viewing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Episodes you had watched at another time:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In watchtracker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matched by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viewings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why it was not matched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not matched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left out</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Matched (%Ln)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Not matched (%Ln)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Left out (%Ln)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the folder of an export</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln show(s) from earlier imports (is|are) waiting for a match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matching the shows kept from earlier imports…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing… (a backup of your library comes first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import could not be done: {error} Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportService</name>
    <message>
        <source>Following {title} from TVmaze…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added {count} of {total} viewings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not an export this version can read (it reads: {known}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A watchtracker export is imported with read_own/import_own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This version cannot read {format} exports.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match it to a series of the library or to a show on TVmaze.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That show is no longer kept for later (matched or forgotten meanwhile).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That series is not in the library any more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TVmaze cannot be asked here (offline).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>duplicates is one of {policies}, not {duplicates}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dates before 1928 or in the future, kept without a date: {count:,}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KindDialog</name>
    <message>
        <source>Wrong kind?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What is this news? Choose its main kind, and any other it also tells. The alert changes now, and news like it is typed this way from now on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Main kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also in this news</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correct it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibraryController</name>
    <message numerus="yes">
        <source>Loaded the example library: %Ln series of the Bosch universe, all followed: see them here, in Up next and in Alerts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Loaded the example library: %Ln series of the Bosch universe, none followed yet: find them in Franchises.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Loaded the example library: %Ln series of the Bosch universe; you follow {followed} (listed here), the others are in Franchises.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln viewing(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your rating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing you recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{items} and {last}</source>
        <comment>a list</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <comment>between items of a list</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete “{title}” from your library?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With it go {what}. Until you close watchtracker, Edit → Undo brings it all back; after that, only a backup does (Library → Backups…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted {title}. Undo with Ctrl+Z.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark {title} {episode} watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watched {title} {episode}. Undo with Ctrl+Z.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} {episode} was already watched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unfollowed {title}; its viewings are kept. Undo with Ctrl+Z.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The example library is already loaded.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibraryLocationDialog</name>
    <message>
        <source>Library location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A file on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A PostgreSQL server, shared by your computers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave empty to use the one kept, or ~/.pgpass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the password in the system&apos;s keyring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the library on this computer there (into an empty database)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every series, viewing, rating, note, franchise and alert, in one transaction; the file on this computer is kept as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The library is opened there the next time watchtracker starts. A server&apos;s library is live on every computer that uses it; the password is never written to the settings file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to {host}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The test failed: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibraryModel</name>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next episode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title}, favourite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{status} · {premiere}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{status} · unlinked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No episodes yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All caught up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not linked to TVmaze, so it is not refreshed. Find on TVmaze… (in this row&apos;s menu) links it; your history is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{watched} of %n aired episode(s) watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{episode} aired {date}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibraryPage</name>
    <message>
        <source>Delete series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No followed series match “{text}” and are marked “{state}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No followed series match “{text}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No followed series are marked “{state}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No followed series to show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln series</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %Ln series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter</source>
        <comment>key</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark {episode} watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unfollow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find on TVmaze…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link it to its TVmaze entry to get its episodes; your history is kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibraryService</name>
    <message>
        <source>There is no series with id {id} (was it deleted?).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No series called {title} in the library.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} has no season {season}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} has no episode {code}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say which episodes: all, a season, an episode, or up to one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Episode {id} no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no series with id {id}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A rating is a whole number from 1 to 10, not {rating}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the series first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{rating} / 10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not rated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Favourite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your entry for {title}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibraryView</name>
    <message>
        <source>Filter by title or network  (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All followed series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add series…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find a series on TVmaze and follow it (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your library is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the series you watch, tick off episodes, and keep every rewatch — all on your own computer. To look around first, load the example library: the Bosch universe, with Bosch, Bosch: Legacy and the announced spin-off Ballard. Coming from TV Time, Trakt, SeriesGuide or IMDb? Import your history from their export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the example library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find a series to follow…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import your history…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter opens the selected series, Delete deletes it; the Menu key or Shift+F10 lists what else you can do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show all series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening your library…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LifecycleStatus</name>
    <message>
        <source>Rumored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Announced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In production</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upcoming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Airing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On hiatus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LiveChanges</name>
    <message>
        <source>the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The library&apos;s server {host} cannot be reached — showing what was read at {time}; trying again…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The library&apos;s server {host} cannot be reached; trying again…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upcoming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Franchises</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{section} — watchtracker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{section}  ({count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{title} (%n unread)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Talking to TVmaze…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo “{command}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MediaController</name>
    <message>
        <source>Media servers not synced: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not marked on the media server: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MediaServers</name>
    <message>
        <source>{name}: another computer is syncing it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: {played} played episodes read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} viewings added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} removed (unplayed there)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} already recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} not placed (numbering)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} shows kept for later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{url}” is not a server address (like http://192.168.1.10:8096).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plex needs a token (X-Plex-Token).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kodi needs the user name of its web server (often “kodi”).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{kind} needs a user name and password, or an API key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A user name, password or token cannot span lines.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in your library as “{title}” but not followed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on TVmaze as “{title}”, not followed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No media server called “{name}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{kind}” is not a media server we know (one of: {kinds}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is a media server called “{name}” already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That media server was removed meanwhile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sign-in is kept for {name} on this computer: sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The library did not take this sync ({reason}); nothing of it was kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synced: {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MediaServersDialog</name>
    <message>
        <source>Media servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No media servers yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Jellyfin, Emby, Plex or Kodi: what you play there is marked watched here, automatically.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a media server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in again…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shows kept for later…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark played there what I mark watched here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added {name}. Its plays come in with the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added {name}. This system offers no keyring to keep its sign-in in: it is kept until watchtracker quits, then Sign in again… asks for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in to {name} again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resumed {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What you mark watched here is marked played on {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is no longer told what you mark watched here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed {name}; the viewings it recorded stay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the media server {name}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The viewings it recorded stay in your library; its sign-in and the shows it kept for later are forgotten. Nothing changes on the server.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NameDialog</name>
    <message>
        <source>Rename franchise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New franchise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A franchise gathers the series of one universe — say Bosch, Bosch: Legacy and Ballard. Add its series and how they relate once it is made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Bosch universe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: what holds it together</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close this notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the notice</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message numerus="yes">
        <source>%n new alert(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n more series</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n other stor(y|ies)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{these} and {more}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About {series}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>watchtracker — %n unread alert(s)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OnlineController</name>
    <message>
        <source>Following {title}: fetching its episodes from TVmaze…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Following {title}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Following {title}; its episodes will come with the next refresh ({problem})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Linking {title} to TVmaze #{id}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} is linked to TVmaze; your history is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Busy with TVmaze; refreshing in a minute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another computer is refreshing the library from TVmaze; what it finds comes here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Refreshed from TVmaze: {changed} of %n series changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n new announcement(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{problem} Will try again in 30 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OnlineSearchDialog</name>
    <message>
        <source>Data from TVmaze.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Results appear as you type. Data from TVmaze.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You seem to be offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TVmaze could not be reached. Check your connection, then Retry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TVmaze is slow to answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TVmaze did not answer in time. It may be busy right now: Retry in a minute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TVmaze is busy right now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TVmaze asks us to wait before searching again. Retry in a minute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TVmaze is having trouble</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TVmaze could not answer the search just now. The problem is on TVmaze&apos;s side, not yours: Retry in a few minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TVmaze&apos;s answer could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TVmaze sent an answer we could not use. Retry; if it keeps happening, try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not search TVmaze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For a series TVmaze does not list yet, such as a spin-off just ordered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find a series on TVmaze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search TVmaze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a title, e.g. Bosch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shows found on TVmaze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add by hand instead…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search TVmaze again for what is typed above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searching TVmaze for {query}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searching TVmaze…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for {query}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n found on TVmaze.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No show on TVmaze matches {query}. Check the spelling, or add it by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No show on TVmaze matches {query}. Check the spelling, or try another title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing found</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OnlineService</name>
    <message>
        <source>Type part of a title to search for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{service} knows no series matching {query}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetching from {service}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Followed {title}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no series with id {id}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} is already linked to that {service} entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking {service} what changed…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetching {number} of {total} from {service}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to date.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Order</name>
    <message>
        <source>Release order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggested watch order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Story order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By premiere. A series with only a rough date goes at the end of its span; one with none goes last.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each series after the one it comes from (a spin-off after its original); a prequel where it was released, as it was made to be seen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In-universe chronology: like the suggested order, but a prequel comes before the series it precedes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderModel</name>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Years</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PendingDialog</name>
    <message>
        <source>Shows kept for later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These shows of earlier imports and of your media servers are not matched to a series you follow. Match one by hand — to a series of your library, or to a show you find on TVmaze (it is followed then) — and its viewings, rating and state come in; or forget it (a film taken for a show, say).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viewings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why it was not matched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Your series:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type to find a series of your library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find on TVmaze…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No show is kept for later any more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing {title}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln viewing(s) added</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln (was|were) already there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{show} → {series}: {added}, {already}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{show} → {series}: {added}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not matched: {error} Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forgot {title}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget this show?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget {title}? Its viewings in the export are not imported; importing the file again would keep it for later again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finishing the match…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Period</name>
    <message>
        <source>{month} {year}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <source>A PostgreSQL server: {where}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the next start: {url}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the next start: this computer&apos;s library file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copying the library to the server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to a server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The library was copied to {place} ({rows} rows in {seconds} s). watchtracker opens it there the next time it starts; the file on this computer is kept as it was.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the settings: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At least every hour apart: TVmaze is asked politely.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask TVmaze what changed every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the news feeds every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jellyfin, Emby, Plex and Kodi (Library → Media servers…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check media servers every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upcoming looks ahead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Specials in Up next and Upcoming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copies made every day, before an import, an upgrade and a restore; older ones are deleted when a new one is made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backups to keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask, the first time there are alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep running in the background</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the background, TVmaze and your news feeds are still checked and new alerts reach you as notifications; start watchtracker again (or use its tray icon) to see the window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the window is closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start in the background when I log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved at once in settings.json, in watchtracker&apos;s configuration folder.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Probe</name>
    <message>
        <source>Connected to PostgreSQL {version}: an empty database, a new library will be made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to PostgreSQL {version}: a library of an older watchtracker ({count} series); it will be upgraded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to PostgreSQL {version}: a watchtracker library with {count} series.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This role can only read it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RelatedSeries</name>
    <message>
        <source>Also in the {franchise}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also a {relation} {series}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RelationDialog</name>
    <message>
        <source>Add a relation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add relation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How two series of {franchise} relate. A series in no franchise that you relate to one of its series joins it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;is a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose two series.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A series cannot be related to itself: choose two different series.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At least one of the two must be a series of {franchise}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{series} is in the same universe as {other}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{series} is a {relation} {other}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RelationKind</name>
    <message>
        <source>Spin-off of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spin-off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequel of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prequel of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prequel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revival of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revival</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remake of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same universe as</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReleaseKind</name>
    <message>
        <source>Episode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Season premiere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Series premiere</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScheduleService</name>
    <message>
        <source>Say how many days ahead, from 1 to {most} (not {days}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say which series or which franchise to plan for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no series with id {id} (was it deleted?).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no franchise with id {id} (was it deleted?).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SeasonView</name>
    <message>
        <source>Specials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Season {number}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SeriesDialog</name>
    <message>
        <source>a year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>part of a year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an exact day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a series by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For a series no online database lists yet — say, a spin-off that was just ordered. You can add its seasons and episodes later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Ballard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;2026&quot;, &quot;Spring 2026&quot; or &quot;2026-05-06&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Prime Video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What it is about</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Related series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Premiere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Relation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional. Any precision: a year, part of a year, a month or a day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ {date}  ({precision})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no series called “{title}” to relate to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServersModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Played episodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept for later</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Library</source>
        <extracomment>keys that act where the focus is (a list&apos;s own keys), not through a menu; English, marked for translation (shown translated by ``ShortcutsDialog``)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the selected series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected series (asks first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Down (in the filter box)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move into the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Space or Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark the selected episode watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Series page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark the selected episode watched or not watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss the selected alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Menu key or Shift+F10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected row&apos;s actions (Library, Up next, Upcoming, Alerts, episodes, Franchises)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{keys} or {key}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SpinOffDialog</name>
    <message>
        <source>Track this spin-off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new series joins your library as announced, linked to the series it spins off from and to its franchise. When TVmaze lists it, use “Find on TVmaze” on its page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The spin-off&apos;s title, as announced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown, or &quot;2026&quot;, &quot;Spring 2026&quot;, &quot;2026-05-06&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spin-off of:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Premiere:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Track it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the spin-off&apos;s title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} is in your library already: it will be followed and linked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Premiere: {date}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Premiere: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatTile</name>
    <message>
        <source>{value} {what}. {detail}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatsController</name>
    <message>
        <source>A series counts in each of its genres.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hours per month: none of these viewings has a date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hours per month, {first} to {last}: {hours} hours in {months}; the most in {best}, {best_hours} hours; {idle}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln month(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln month(s) with nothing watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to see {year} alone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hours per year: none of these viewings has a date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{year}, {hours} hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hours per year: {years}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to open it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{rank}. {title}, {hours} hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Series by hours watched: {top}; and %Ln more series.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Series by hours watched: {top}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to count only {series}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{genre}, {hours} hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hours by genre: {genres}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln viewing(s) (was|were) of an episode with no runtime: counted at its series&apos; usual length, or {minutes} min where that is unknown too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln viewing(s) with no date (counts|count) in the totals and by series and genre, but in no month, year or streak.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing watched among {series}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing watched in {year} so far among {series}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing watched in the last 12 months among {series}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing watched in {year} among {series}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing watched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing watched in {year} so far.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing watched in the last 12 months.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing watched in {year}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{month} {year}</source>
        <comment>abbreviated month</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{year} so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{hours} hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln episode(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No genre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>series with no genre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{genre} series</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatsPage</name>
    <message>
        <source>All time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All genres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No genre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The statistics could not be counted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{days} days end to end</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>of which %Ln rewatch(es)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no rewatches</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln different episode(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the last on {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln day(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing today or yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no dated viewings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top series by hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Series by hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Show the top %n only</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Show all %Ln series</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatsService</name>
    <message>
        <source>No genre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first day comes after the last one.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatsView</name>
    <message>
        <source>Statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Genre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Genre:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counting your viewings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No viewings to count yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hours and episodes per month and per year, your top series and genres and your viewing streaks appear here as you mark episodes watched: open a series in the library and press “Mark watched”. Every rewatch counts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hours watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>episodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>days with a viewing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>current streak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>longest streak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hours per month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None of these viewings has a date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top series by hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hours per year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hours by genre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show all time, every genre</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TransferController</name>
    <message numerus="yes">
        <source>Imported: %n series changed or added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backed up the library: {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting the library to {path}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The library was not exported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The library was not exported: {error}

Nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UndoCommand</name>
    <message>
        <source>Undid “{edit}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redid “{edit}”.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UpNextController</name>
    <message>
        <source>Mark {title} {episode} watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} {episode} was already watched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watched {title} {episode}. Undo with Ctrl+Z.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watched {title} {episode}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UpNextModel</name>
    <message>
        <source>Series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next episode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runtime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watched</source>
        <comment>the button</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark {episode} watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Space or Enter to mark it watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title}, new episode</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n left</source>
        <comment>episodes</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New: an episode aired {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{episode} (a special)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n aired episode(s) not watched yet, this one included</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last watched {day}, {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark {episode} watched (Space)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UpNextPage</name>
    <message>
        <source>Mark watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n series</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n episode(s) to watch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark {episode} watched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Space</source>
        <comment>key</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open series</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UpNextView</name>
    <message>
        <source>Up next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Specials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the specials that aired since your furthest episode in the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to watch next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Series you are watching appear here with their next episode. Mark an episode watched, or set a series to Watching on its page, and it shows up here; when you are caught up it leaves until a new episode airs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Space or Enter marks the selected episode watched; the Menu key or Shift+F10 lists what else you can do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading what you are watching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Space or Enter: mark the selected episode watched · double-click: open the series · Ctrl+Z: undo</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UpcomingController</name>
    <message>
        <source>Export the upcoming calendar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>iCalendar files (*.ics);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the calendar to {path}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n event(s) to {path} (premieres in {window}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n event(s) to {path} ({window}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The calendar was not exported: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UpcomingDay</name>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{weekday} {day} {month}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{weekday} {day} {month} {year}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UpcomingItem</name>
    <message>
        <source>Season {number} premiere</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UpcomingModel</name>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Episode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Announced, no exact date yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected, but no date since</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{label}  ·  %n series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{day}, {time} your time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{day}; no air time known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} was expected to premiere {when}; no date has been announced since. Open it and use Find on TVmaze: it may know more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title}: {status}, premieres {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title}: {status}, premieres at a date not announced yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UpcomingPage</name>
    <message>
        <source>Next year</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Next %n day(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the next year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the next day</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>the next %n day(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No premieres in {window}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing in {window}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untick “Premieres only” to see every episode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look further ahead, or follow a series that is airing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Episodes and premieres of the series you follow appear here, day by day in your time zone, as soon as their dates are known; announced series wait here at the precision their premiere is known.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No premieres in {window}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No episodes or premieres in {window}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n episode(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n premiere(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{episodes} and {premieres}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what} in {window}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n announced series without an exact date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a series to see what to watch before its next premiere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catch up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter</source>
        <comment>key</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UpcomingView</name>
    <message>
        <source>Upcoming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look ahead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Premieres only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the first episodes of series and seasons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export calendar…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save what is shown as an .ics file for your calendar app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing in {window}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look a year ahead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show every episode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter opens the selected series; the Menu key or Shift+F10 lists what else you can do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading what comes out soon…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catch up</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ViewerState</name>
    <message>
        <source>Watching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plan to watch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dropped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WatchButtonDelegate</name>
    <message>
        <source>✓ Watched</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_Bars</name>
    <message>
        <source>Nothing to show.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>application</name>
    <message>
        <source>This library is read-only: its file or its folder cannot be written. You can look, but nothing can be changed or refreshed. Make it writable, then start watchtracker again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move it aside and start a new library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to {host}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The damaged library was kept as {path}. A new, empty library was started; a backup can be restored into it (Library &gt; Backups…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The library&apos;s server {host} cannot be reached — showing what this computer read last time; trying again in {seconds} s…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{problem}

Trying again in {seconds} s…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password for the library&apos;s server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{problem}

Password:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>background</name>
    <message>
        <source>Keep watching for alerts when the window is closed?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>watchtracker can keep running in the background: TVmaze and your news feeds are still checked, and new alerts reach you as notifications. Open it again from its icon or by starting it; quit it with Library → Quit. You can change this in Preferences.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep running in the background</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit when closed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>backups</name>
    <message>
        <source>{size} bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{size} {unit}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>backups_dialog</name>
    <message>
        <source>{day}, {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the backup made {when} ({why})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the library with the backup made {when} ({why})?

Everything changed since then is set aside: the library as it is now is kept as one more backup first, so this can be undone by restoring that one. The window opens the library again afterwards.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dates</name>
    <message>
        <source>Q1 {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in Q1 {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Q2 {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in Q2 {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Q3 {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in Q3 {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Q4 {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in Q4 {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Winter {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in winter {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spring {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in spring {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summer {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in summer {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fall {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in fall {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Early {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in early {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mid {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in mid {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Late {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in late {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First half of {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in the first half of {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Second half of {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in the second half of {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>January</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>February</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>March</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>April</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>May</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>June</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>July</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>August</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>September</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>October</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>November</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>December</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Friday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{day} {month} {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{month} {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the year {year} is out of range ({first}–{last})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown part of year: {part}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no month {month}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a day needs a month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{month} {year} has no day {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected {date} — no date since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in {month} {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no date given; write it like {examples}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{text}: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a date; write it like {examples}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>did not understand {word}; write it like {examples}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give either a part of the year or a month, not both; e.g. {examples}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a day needs a month; write it like {examples}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{weekday} {day} {month} {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{weekday} {day} {month}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dates (abbreviated)</name>
    <message>
        <source>Jan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feb</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>May</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jun</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jul</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aug</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Oct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nov</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dec</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fri</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sun</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>desktop_entry</name>
    <message>
        <source>watchtracker&apos;s path {path} has a control character in it, which a desktop entry cannot hold. Install watchtracker in a folder with a plain name, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>watchtracker can add itself to the applications menu only on Linux and the BSDs so far; a Start menu shortcut is not done yet. Start it with the watchtracker command.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>watchtracker can add itself to the applications menu only on Linux and the BSDs so far; an app bundle is not done yet. Start it with the watchtracker command.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>watchtracker can add itself to the applications menu only on Linux and the BSDs so far; this system&apos;s way is not done yet. Start it with the watchtracker command.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This installation of watchtracker lacks its desktop files (such as {file}). Reinstall watchtracker, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>watchtracker could not write {path}: {reason}. {so_far}Fix that, then run it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>watchtracker could not remove {path}: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>watchtracker could not write {path}: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>watchtracker could not remove {path}: {reason}. Fix that, then run it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n of its files (was|were) installed before that.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>example</name>
    <message>
        <source>That file is not a watchtracker example library.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Season {number} of {title}: a runtime range is two numbers of minutes, the shorter first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>export</name>
    <message>
        <source>cannot write {path}: it is a folder; give a file name, e.g. {example}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the folder {folder} does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write {path}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>formatting</name>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>in %n day(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n week(s) ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{day} {month} {year}</source>
        <comment>abbreviated month</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{weekday} {day} {month} {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Season {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Special {number}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>help</name>
    <message>
        <source>&lt;p&gt;Your library: {path}&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;A watchlist and release tracker for TV series. Your data stays on your computer.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Series, seasons, episodes and cast come from &lt;a href=&apos;https://www.tvmaze.com&apos;&gt;TVmaze&lt;/a&gt;, used under its &lt;a href=&apos;https://www.tvmaze.com/api#licensing&apos;&gt;CC BY-SA 4.0 licence&lt;/a&gt;. News comes from the RSS and Atom feeds you add (Library → News feeds…); each alert links to its source.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Licence: {licence}. Built with Qt for Python (PySide6, LGPL) and SQLite.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About watchtracker</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>import_wizard</name>
    <message>
        <source>Kept for later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{format}: {shows}, {episodes}, {viewings}, {ratings}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln show(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln episode(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln viewing(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln rating(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln show(s) of {total} matched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln show(s) of {total} matched, {new} to follow from TVmaze.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln show(s) of {total} matched, {new} followed from TVmaze.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln new series</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln show(s) not matched: they will be kept, to match later (Library &gt; Import your history…: Try them again, or Match by hand).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln show(s) not matched: kept, to match later (Library &gt; Import your history…: Try them again, or Match by hand).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>; %Ln already in your library (skipped)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>; %Ln not added: the series has no such episode</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Viewings: %Ln to add{more}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Viewings: %Ln added{more}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Ratings: %Ln to set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Ratings: %Ln set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TVmaze was not asked (offline): shows your library does not know yet are kept for later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} (new)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} (followed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{how} by its {via} id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is nothing in this file to import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your library as it was is kept as the backup {name} (Library &gt; Backups…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln franchise(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln relation(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln announcement(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln news feed(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln series already in your library (matched, merged).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No series of the file is in your library yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To add: {list}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added: {list}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing new: everything in the file is already in your library.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln viewings are already in your library (not added again).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln ratings differ from yours: yours are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A watchtracker export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TVmaze id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TheTVDB id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IMDb id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TMDB id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>title</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source> (%Ln of them of episodes you had watched at another time: kept as rewatches)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>; %Ln skipped: episodes you had watched at another time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the file: {error}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read {name}: {error}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>library_export</name>
    <message>
        <source>watchtracker JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viewings as CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n series</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n viewing(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported {viewings} of {series} to {path} (CSV).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported {series} and {viewings} to {path}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>matching</name>
    <message>
        <source>TVmaze id in the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TheTVDB id in the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IMDb id in the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TMDB id in the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>found on TVmaze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>title and year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chosen by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking up {title} on TVmaze…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matched.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>menus</name>
    <message>
        <source>&amp;Library</source>
        <comment>the menu</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add series from TVmaze…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add series &amp;by hand…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh &amp;now (TVmaze and news feeds)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>News &amp;feeds…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the &amp;example library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import your history…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From TV Time, Trakt, SeriesGuide, IMDb or a watchtracker export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xport the library…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything as watchtracker JSON, or the viewings as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bac&amp;kups…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The copies of the library: make one now, or restore one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Media servers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jellyfin, Emby, Plex or Kodi: what you play there is marked watched here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find in library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pr&amp;eferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Library</source>
        <comment>View menu: go to the section</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the &amp;data folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the &amp;log file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About watchtracker</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>own_format</name>
    <message>
        <source>{size} MB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{size} bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is too big to import: a watchtracker export may be up to {most}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is too big ({size}) to import: a watchtracker export may be up to {most}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} is a folder, not a watchtracker export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a watchtracker export (it is not UTF-8 text).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read {path}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has more than {most:,} objects and lists, the most a watchtracker export may have; it cannot be imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} ends too early: it was cut off (truncated) and cannot be imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not valid JSON (line {line}, column {column}: {problem}); it may be damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a watchtracker export (nested too deeply).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a watchtracker export (a number far too long).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a watchtracker export (no &quot;format&quot;: &quot;{format}&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: &quot;version&quot; should be a whole number from 1, not {version}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} was written by a newer watchtracker (format version {version}); this version reads version {known} and has not changed anything. Update watchtracker to import it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a valid watchtracker export: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}: &quot;{key}&quot; is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where} should be an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}.{key} should be a list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}.{key} should be text, not {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}.{key} should be a whole number, not {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}.{key} is out of range ({value})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}.{key} should be true or false, not {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}.{key} should be a UTC time like 2015-02-15T21:10:00Z, not {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}.{key} should be a date like 2014-02-06, not {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{episode}.viewings[{index}] should be an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{episode}.viewings[{index}].watched_at should be a UTC time like 2015-02-15T21:10:00Z, not {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{episode}.viewings[{index}].source should be text, not {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}.{key} is not a date like &quot;2026&quot;, &quot;2026-spring&quot;, &quot;2026-05&quot; or &quot;2026-05-06&quot; ({problem})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}.{key}: {value} is not one of {allowed}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}.{key} should be a list of text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where} names a series {key} that is not in the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the series key {key} is used twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>series {first} and {second} have the same {service} id {id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}.name is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the series {key} is in two franchises ({first} and {second})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>two franchises have the same name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where} relates a series to itself</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>two feeds have the same url</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}.feed names a feed {feed} that is not in the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}.fingerprint is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>two announcements have the same fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pending_imports lists a show twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}: the key and the title cannot be empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}.seasons lists a season twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where} lists more than {most:,} episodes, more than any series has</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where}.episodes lists S{season:02d}E{number:02d} twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{where} lists more than {most:,} viewings of one episode</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>own_import</name>
    <message>
        <source>Imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing franchises, relations and alerts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing {title}…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pending</name>
    <message>
        <source>shows kept for later</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>relative_day</name>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>span_text</name>
    <message>
        <source>{day} {month} {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{day}–{last_day} {month} {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{day} {month} – {last_day} {last_month} {year}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{day} {month} {year} – {last_day} {last_month} {last_year}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>startup</name>
    <message>
        <source>The library could not be moved aside ({reason}); it is as it was, at {path}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>transfer</name>
    <message>
        <source>media server</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
