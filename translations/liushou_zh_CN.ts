<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AccountsModel</name>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>上次登录</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
</context>
<context>
    <name>AccountsTab</name>
    <message>
        <source>New account…</source>
        <translation>新建账号…</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重设密码</translation>
    </message>
    <message>
        <source>Disable / enable</source>
        <translation>停用 / 启用</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>First choose an account in the list.</source>
        <translation>请先在列表中选一个账号。</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>The password of “{user}” is:

{password}

Give it to the teacher; they choose their own at the next sign-in. It is shown only now.</source>
        <translation>“{user}”的密码是：

{password}

请交给这位老师，下次登录时他/她要改成自己的密码。密码只显示这一次。</translation>
    </message>
</context>
<context>
    <name>ActivitiesPage</name>
    <message>
        <source>Days</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>For whom</source>
        <translation>参加对象</translation>
    </message>
    <message>
        <source>Organiser</source>
        <translation>组织者</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Activities and family (活动与亲情)</source>
        <translation>活动与亲情</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>学期</translation>
    </message>
    <message>
        <source>The school has not entered its terms yet. The administrator enters them in the school calendar (校历): 谈心 page → School calendar…, or the button here.</source>
        <translation>学校还没有录入学期。请管理员在校历中录入：“谈心”页 → “校历…”，或点这里的按钮。</translation>
    </message>
    <message>
        <source>The schools' term plans and figures reach the township with their sync files; the township plans no activities of its own.</source>
        <translation>各校的行事历和统计数据随同步文件送到乡镇；乡镇自己不安排活动。</translation>
    </message>
    <message>
        <source>School calendar…</source>
        <translation>校历…</translation>
    </message>
    <message>
        <source>Plan from a template…</source>
        <translation>按模板排期…</translation>
    </message>
    <message>
        <source>New activity…</source>
        <translation>新建活动…</translation>
    </message>
    <message>
        <source>Print the term plan…</source>
        <translation>打印行事历…</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出到 Excel…</translation>
    </message>
    <message>
        <source>Save as template…</source>
        <translation>另存为模板…</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月历</translation>
    </message>
    <message>
        <source>Agenda</source>
        <translation>活动列表</translation>
    </message>
    <message>
        <source>Family calls</source>
        <translation>亲情电话</translation>
    </message>
    <message>
        <source>Home visits and guardian meetings</source>
        <translation>家访与监护人会</translation>
    </message>
    <message>
        <source>This part is not ready yet.</source>
        <translation>这部分还没有做好。</translation>
    </message>
    <message>
        <source>{first} to {last}</source>
        <translation>{first} 至 {last}</translation>
    </message>
    <message>
        <source>{count} activities</source>
        <translation>共 {count} 项活动</translation>
    </message>
    <message>
        <source>Term plan {term}</source>
        <translation>{term} 学期行事历</translation>
    </message>
    <message>
        <source>Export the term plan</source>
        <translation>导出行事历</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>{count} activities were written to {path}</source>
        <translation>已将 {count} 项活动写入 {path}</translation>
    </message>
</context>
<context>
    <name>ActivityDialog</name>
    <message>
        <source>Activity</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>活动记录</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>到场情况</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <source>New activity</source>
        <translation>新建活动</translation>
    </message>
    <message>
        <source>Safety topic</source>
        <translation>安全主题</translation>
    </message>
    <message>
        <source>e.g. 2026-11-05</source>
        <translation>例如 2026-11-05</translation>
    </message>
    <message>
        <source>empty: one day only</source>
        <translation>留空：只有一天</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>e.g. 德育处, 各班主任</source>
        <translation>例如 德育处、各班主任</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Organiser</source>
        <translation>组织者</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>For whom</source>
        <translation>参加对象</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Save the activity</source>
        <translation>保存活动</translation>
    </message>
    <message>
        <source>Cancel the activity…</source>
        <translation>取消活动…</translation>
    </message>
    <message>
        <source>It stays in the plan, marked cancelled</source>
        <translation>活动仍留在行事历中，标为“已取消”</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Only the school administrator (or the class teacher, for an activity of their classes) can change this activity.</source>
        <translation>只有学校管理员（或本班活动的班主任）可以修改这项活动。</translation>
    </message>
    <message>
        <source>What was agreed (商定事项)</source>
        <translation>商定事项</translation>
    </message>
    <message>
        <source>Held on</source>
        <translation>开展日期</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>活动情况</translation>
    </message>
    <message>
        <source>Save as held</source>
        <translation>保存为已开展</translation>
    </message>
    <message>
        <source>Everyone present</source>
        <translation>全部到场</translation>
    </message>
    <message>
        <source>Print the sign-in sheet…</source>
        <translation>打印签到表…</translation>
    </message>
    <message>
        <source>Save the attendance</source>
        <translation>保存到场情况</translation>
    </message>
    <message>
        <source>Tick each child who took part (arrow keys to move, Space to tick), then save.</source>
        <translation>勾选每个参加的孩子（用方向键移动，按空格键勾选），然后保存。</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Activity: {title}</source>
        <translation>活动：{title}</translation>
    </message>
    <message>
        <source>All classes</source>
        <translation>全部班级</translation>
    </message>
    <message>
        <source>Present: {present} of {total}</source>
        <translation>到场：{present} / {total} 人</translation>
    </message>
    <message>
        <source>The activity was saved.</source>
        <translation>活动已保存。</translation>
    </message>
    <message>
        <source>Saved: the activity is marked as held.</source>
        <translation>已保存：活动已标为“已开展”。</translation>
    </message>
    <message>
        <source>The attendance was saved: {present} of {total} present.</source>
        <translation>到场情况已保存：共 {total} 人，到场 {present} 人。</translation>
    </message>
    <message>
        <source>Cancel the activity</source>
        <translation>取消活动</translation>
    </message>
    <message>
        <source>Mark this activity as cancelled? It stays in the plan, crossed out.</source>
        <translation>把这项活动标为“已取消”吗？它仍留在行事历中，显示为划掉。</translation>
    </message>
    <message>
        <source>Delete the activity</source>
        <translation>删除活动</translation>
    </message>
    <message>
        <source>Delete this activity and its attendance from the plan?</source>
        <translation>从行事历中删除这项活动及其到场记录吗？</translation>
    </message>
    <message>
        <source>Sign-in sheet</source>
        <translation>签到表</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>Administrator account</source>
        <translation>管理员账号</translation>
    </message>
    <message>
        <source>The administrator manages accounts, settings and sync files. Use at least {n} characters for the password.</source>
        <translation>管理员负责账号、设置和同步文件。密码至少 {n} 位。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Your password was set by the administrator. Please choose your own now.</source>
        <translation>你的密码是管理员设置的，请现在改成你自己的密码。</translation>
    </message>
    <message>
        <source>The database is damaged</source>
        <translation>数据库文件已损坏</translation>
    </message>
    <message>
        <source>Restore the newest good backup now? The damaged file is kept aside.</source>
        <translation>现在恢复最近一份完好的备份吗？损坏的文件会另外保存，不会删除。</translation>
    </message>
</context>
<context>
    <name>AttendanceTable</name>
    <message>
        <source>Child</source>
        <translation>儿童</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>到场</translation>
    </message>
    <message>
        <source>Guardian came</source>
        <translation>监护人到会</translation>
    </message>
    <message>
        <source>Signed by</source>
        <translation>签名人</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>AuditExport</name>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>时间（UTC）</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Object id</source>
        <translation>对象编号</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>AuditLog</name>
    <message>
        <source>Set-up</source>
        <translation>初始设置</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Wrong password</source>
        <translation>密码错误</translation>
    </message>
    <message>
        <source>Sign-in while locked</source>
        <translation>账号锁定时尝试登录</translation>
    </message>
    <message>
        <source>Opened a child's record</source>
        <translation>查看儿童档案</translation>
    </message>
    <message>
        <source>Edited a child's record</source>
        <translation>修改儿童档案</translation>
    </message>
    <message>
        <source>Refused (no permission)</source>
        <translation>被拒绝（无权限）</translation>
    </message>
    <message>
        <source>Backup made</source>
        <translation>已备份</translation>
    </message>
    <message>
        <source>Backup restored</source>
        <translation>已恢复备份</translation>
    </message>
    <message>
        <source>Account created</source>
        <translation>新建账号</translation>
    </message>
    <message>
        <source>Password reset</source>
        <translation>重设密码</translation>
    </message>
    <message>
        <source>Audit log exported</source>
        <translation>导出审计日志</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>AuditTab</name>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>From</source>
        <translation>日期从</translation>
    </message>
    <message>
        <source>Text in the details</source>
        <translation>详情中的文字</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出到 Excel…</translation>
    </message>
    <message>
        <source>Check the chain</source>
        <translation>检查是否被篡改</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <source>{n} entries</source>
        <translation>共 {n} 条</translation>
    </message>
    <message>
        <source>Export the audit log</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>已导出</translation>
    </message>
    <message>
        <source>Saved and checked: {path}</source>
        <translation>已保存并检查无误：{path}</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>The audit log is intact ({n} entries).</source>
        <translation>审计日志完整，没有被篡改（共 {n} 条）。</translation>
    </message>
    <message>
        <source>The audit log was changed: entry {id} and those after it cannot be trusted. Tell the township's IT helper.</source>
        <translation>审计日志被改动过：第 {id} 条及以后的记录不可信。请告诉乡镇的信息技术人员。</translation>
    </message>
</context>
<context>
    <name>BackupTab</name>
    <message>
        <source>The program copies the database every day by itself. To keep a copy away from this computer, back up to a USB stick. A passphrase makes the file unreadable to anyone who finds the stick; without it, the backup cannot be restored, so write it down.</source>
        <translation>程序每天会自动备份数据库。为了在这台电脑之外也留一份，请备份到 U 盘。设置备份密码后，捡到 U 盘的人也无法读取；但没有密码就无法恢复，所以请把密码写下来。</translation>
    </message>
    <message>
        <source>Back up now to a folder or USB stick…</source>
        <translation>立即备份到文件夹或 U 盘…</translation>
    </message>
    <message>
        <source>Restore from a backup file…</source>
        <translation>从备份文件恢复…</translation>
    </message>
    <message>
        <source>Where to put the backup</source>
        <translation>备份保存到哪里</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>备份密码</translation>
    </message>
    <message>
        <source>Passphrase to encrypt the backup (leave empty for none):</source>
        <translation>用于加密备份的密码（不加密请留空）：</translation>
    </message>
    <message>
        <source>Type the passphrase again (a typing mistake would lock the backup):</source>
        <translation>请再输入一次密码（输错一个字，备份就恢复不了）：</translation>
    </message>
    <message>
        <source>Passphrases differ</source>
        <translation>两次密码不一样</translation>
    </message>
    <message>
        <source>The two passphrases were not the same, so no backup was made. Click “Back up now” again and type the same passphrase twice.</source>
        <translation>两次输入的密码不一样，所以没有做备份。请再点一次“立即备份到文件夹或 U 盘…”，两次输入同一个密码。</translation>
    </message>
    <message>
        <source>Backup made</source>
        <translation>已备份</translation>
    </message>
    <message>
        <source>The backup was written and read back to check it:
{path}

It is now safe to remove the USB stick.</source>
        <translation>备份已写入，并已读回检查无误：
{path}

现在可以安全拔出 U 盘了。</translation>
    </message>
    <message>
        <source>Choose a backup file</source>
        <translation>选择备份文件</translation>
    </message>
    <message>
        <source>Backups (*.lsbak)</source>
        <translation>备份文件 (*.lsbak)</translation>
    </message>
    <message>
        <source>This backup was made on {date} and holds {children} children.

Replace everything in the program with it? The data as it is now is kept as a copy first.</source>
        <translation>这份备份制作于 {date}，包含 {children} 名儿童。

要用它替换程序中现有的全部数据吗？现有数据会先另存一份副本。</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>The backup's passphrase:</source>
        <translation>备份密码：</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <source>The backup was restored. Please sign in again.</source>
        <translation>备份已恢复，请重新登录。</translation>
    </message>
</context>
<context>
    <name>BuddyChooser</name>
    <message>
        <source>Study buddy (学习帮手)</source>
        <translation>学习帮手</translation>
    </message>
    <message>
        <source>Choose a classmate or another pupil who helps {name} with school work and keeps them company, or “No study buddy”. Type part of a name or a class to find them quickly.</source>
        <translation>请选择一位同学或其他学生，在学习上帮助{name}并陪伴其左右；或选择“不设学习帮手”。输入姓名或班级的一部分可以快速查找。</translation>
    </message>
    <message>
        <source>For example: 王 or 三年级</source>
        <translation>例如：王 或 三年级</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>No study buddy</source>
        <translation>不设学习帮手</translation>
    </message>
</context>
<context>
    <name>CalendarDialog</name>
    <message>
        <source>School calendar</source>
        <translation>校历</translation>
    </message>
    <message>
        <source>◀ Previous month</source>
        <translation>◀ 上个月</translation>
    </message>
    <message>
        <source>Next month ▶</source>
        <translation>下个月 ▶</translation>
    </message>
    <message>
        <source>School day</source>
        <translation>上学日</translation>
    </message>
    <message>
        <source>Weekend</source>
        <translation>周末</translation>
    </message>
    <message>
        <source>Official holiday (国庆节…)</source>
        <translation>法定节假日（国庆节…）</translation>
    </message>
    <message>
        <source>The school's own day off</source>
        <translation>学校自定的放假日</translation>
    </message>
    <message>
        <source>Winter or summer holiday</source>
        <translation>寒暑假</translation>
    </message>
    <message>
        <source>Make-up school day</source>
        <translation>调休上课</translation>
    </message>
    <message>
        <source>Bold and underlined: marked by the school</source>
        <translation>粗体加下划线：学校自己标记的日子</translation>
    </message>
    <message>
        <source>The selected day</source>
        <translation>所选日期</translation>
    </message>
    <message>
        <source>Mark as day off…</source>
        <translation>设为放假…</translation>
    </message>
    <message>
        <source>Mark as school day (make-up)…</source>
        <translation>设为上课日（调休）…</translation>
    </message>
    <message>
        <source>Remove the mark</source>
        <translation>取消标记</translation>
    </message>
    <message>
        <source>The day follows the official calendar again</source>
        <translation>这一天重新按国家法定日历安排</translation>
    </message>
    <message>
        <source>Terms (学期)</source>
        <translation>学期</translation>
    </message>
    <message>
        <source>Add or change a term…</source>
        <translation>添加或修改学期…</translation>
    </message>
    <message>
        <source>Remove term</source>
        <translation>删除学期</translation>
    </message>
    <message>
        <source>Only the school administrator can change the calendar. Ask them if a day or a term is wrong.</source>
        <translation>只有学校管理员可以修改校历。如果某天或某个学期不对，请告诉管理员。</translation>
    </message>
    <message>
        <source>Talks (谈心), for the whole school</source>
        <translation>谈心（全校设置）</translation>
    </message>
    <message>
        <source>By phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>As home visits</source>
        <translation>家访</translation>
    </message>
    <message>
        <source>No talks planned</source>
        <translation>不安排谈心</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Save the talk settings</source>
        <translation>保存谈心设置</translation>
    </message>
    <message>
        <source>Talks in holiday months</source>
        <translation>假期月份的谈心</translation>
    </message>
    <message>
        <source>Days a teacher may correct their own record</source>
        <translation>老师可更正自己记录的天数</translation>
    </message>
    <message>
        <source>Only the school administrator can change these.</source>
        <translation>只有学校管理员可以更改这些设置。</translation>
    </message>
    <message>
        <source>Saved. Holiday months: {form}; records can be corrected for {days} days.</source>
        <translation>已保存。假期月份：{form}；记录可在 {days} 天内更正。</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <source>{year}, month {month}</source>
        <translation>{year}年{month}月</translation>
    </message>
    <message>
        <source>The official holidays of {year} are not known to this program yet, so only Saturdays and Sundays count as days off for now. When the official holiday notice for {year} comes out, the school administrator marks its days off and make-up school days here.</source>
        <translation>本程序还不知道 {year} 年的法定节假日，所以目前只把周六、周日算作休息日。{year} 年的放假通知发布后，请学校管理员在这里标记放假日和调休上课日。</translation>
    </message>
    <message>
        <source>Holiday</source>
        <translation>节假日</translation>
    </message>
    <message>
        <source>Day off</source>
        <translation>放假</translation>
    </message>
    <message>
        <source>Winter holiday</source>
        <translation>寒假</translation>
    </message>
    <message>
        <source>Summer holiday</source>
        <translation>暑假</translation>
    </message>
    <message>
        <source>No school: weekend.</source>
        <translation>不上课：周末。</translation>
    </message>
    <message>
        <source>No school: official holiday ({name}).</source>
        <translation>不上课：法定节假日（{name}）。</translation>
    </message>
    <message>
        <source>School day: official make-up day for {name} (调休).</source>
        <translation>上学日：{name}的法定调休上班日。</translation>
    </message>
    <message>
        <source>No school: day off marked by the school.</source>
        <translation>不上课：学校自定的放假日。</translation>
    </message>
    <message>
        <source>School day: make-up school day marked by the school.</source>
        <translation>上学日：学校标记的调休上课日。</translation>
    </message>
    <message>
        <source>No school: winter holiday.</source>
        <translation>不上课：寒假。</translation>
    </message>
    <message>
        <source>No school: summer holiday.</source>
        <translation>不上课：暑假。</translation>
    </message>
    <message>
        <source>School day.</source>
        <translation>上学日。</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>说明：{note}</translation>
    </message>
    <message>
        <source>Choose a day in the calendar.</source>
        <translation>请在校历中选择一天。</translation>
    </message>
    <message>
        <source>Mark as day off</source>
        <translation>设为放假</translation>
    </message>
    <message>
        <source>There is no school on {date}: the school's own day off, or a day of the official holiday notice. Write why in a few words (they show in the calendar).</source>
        <translation>{date} 不上课：学校自定的放假日，或放假通知中的假日。请用几个字写明原因（会显示在校历中）。</translation>
    </message>
    <message>
        <source>Mark as school day (make-up)</source>
        <translation>设为上课日（调休）</translation>
    </message>
    <message>
        <source>There is school on {date}, even if it is a weekend or a holiday, for example a make-up day (调休) of the official holiday notice. Write why in a few words.</source>
        <translation>{date} 上课，即使是周末或节假日，例如放假通知中的调休上课日。请用几个字写明原因。</translation>
    </message>
    <message>
        <source>Remove the term {name} ({starts} to {ends})? The holidays before and after it then count as school days until the term is entered again.</source>
        <translation>删除学期 {name}（{starts} 至 {ends}）吗？删除后，它前后的假期在重新录入学期之前都算作上学日。</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Choose your own password</source>
        <translation>设置你自己的密码</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
</context>
<context>
    <name>ChildForm</name>
    <message>
        <source>e.g. 2015.3.12</source>
        <translation>例如 2015.3.12</translation>
    </message>
    <message>
        <source>(not filled in)</source>
        <translation>（未填写）</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>ChildFormDialog</name>
    <message>
        <source>Possible duplicate</source>
        <translation>可能重复</translation>
    </message>
    <message>
        <source>This child may already be in the archive:
{children}

Open the existing record (what you typed fills its empty fields), or keep both as different children?</source>
        <translation>这名儿童可能已经建档：
{children}

打开已有档案（你填写的内容会补进其中空着的项目），还是作为两名不同的儿童都保留？</translation>
    </message>
    <message>
        <source>Open the existing record</source>
        <translation>打开已有档案</translation>
    </message>
    <message>
        <source>Keep both</source>
        <translation>两个都保留</translation>
    </message>
    <message>
        <source>Child's record</source>
        <translation>儿童档案</translation>
    </message>
    <message>
        <source>New child</source>
        <translation>新增儿童</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>基本情况</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Ethnicity</source>
        <translation>民族</translation>
    </message>
    <message>
        <source>e.g. 汉族</source>
        <translation>例如 汉族</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Student number</source>
        <translation>学籍号</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>e.g. 一年级1班</source>
        <translation>例如 一年级1班</translation>
    </message>
    <message>
        <source>Household registered</source>
        <translation>是否登记户口</translation>
    </message>
    <message>
        <source>Household registration place</source>
        <translation>户籍所在地</translation>
    </message>
    <message>
        <source>Current address</source>
        <translation>现居住地</translation>
    </message>
    <message>
        <source>Boards at school</source>
        <translation>是否在校寄宿</translation>
    </message>
    <message>
        <source>Schooling</source>
        <translation>就学情况</translation>
    </message>
    <message>
        <source>Choose photo…</source>
        <translation>选择照片…</translation>
    </message>
    <message>
        <source>Remove photo</source>
        <translation>删除照片</translation>
    </message>
    <message>
        <source>Same family as…</source>
        <translation>与兄弟姐妹同一家庭…</translation>
    </message>
    <message>
        <source>A brother or sister is already entered: share their family and guardians</source>
        <translation>兄弟姐妹的档案已录入时使用：共用他们的家庭和监护人信息</translation>
    </message>
    <message>
        <source>Relation to the child</source>
        <translation>与孩子的关系</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Works away from home</source>
        <translation>外出务工</translation>
    </message>
    <message>
        <source>Works in province</source>
        <translation>务工省份</translation>
    </message>
    <message>
        <source>Works in city</source>
        <translation>务工城市</translation>
    </message>
    <message>
        <source>Employer</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <source>Employer's address</source>
        <translation>工作单位地址</translation>
    </message>
    <message>
        <source>Employer's phone</source>
        <translation>工作单位电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>居住地址</translation>
    </message>
    <message>
        <source>Occupation</source>
        <translation>职业</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>健康状况</translation>
    </message>
    <message>
        <source>Family members</source>
        <translation>家庭成员</translation>
    </message>
    <message>
        <source>Home address</source>
        <translation>家庭住址</translation>
    </message>
    <message>
        <source>Home phone</source>
        <translation>家庭电话</translation>
    </message>
    <message>
        <source>Guardianship</source>
        <translation>监护情况</translation>
    </message>
    <message>
        <source>Both parents work away</source>
        <translation>父母双方外出务工</translation>
    </message>
    <message>
        <source>One parent away, the other unable to look after the child</source>
        <translation>父母一方外出、另一方无监护能力</translation>
    </message>
    <message>
        <source>Which parent is unable</source>
        <translation>无监护能力的一方</translation>
    </message>
    <message>
        <source>Entrusted guardian</source>
        <translation>委托监护人</translation>
    </message>
    <message>
        <source>Counted as left-behind?</source>
        <translation>是否计入留守儿童？</translation>
    </message>
    <message>
        <source>Entrusted guardian who is not a parent or grandparent</source>
        <translation>委托监护人（非父母、祖辈）</translation>
    </message>
    <message>
        <source>Income and assistance</source>
        <translation>经济来源与救助</translation>
    </message>
    <message>
        <source>Family income sources</source>
        <translation>家庭经济来源</translation>
    </message>
    <message>
        <source>Assistance received</source>
        <translation>救助帮扶情况</translation>
    </message>
    <message>
        <source>Disability type</source>
        <translation>残疾类别</translation>
    </message>
    <message>
        <source>Disability grade</source>
        <translation>残疾等级</translation>
    </message>
    <message>
        <source>Illness</source>
        <translation>患病类型</translation>
    </message>
    <message>
        <source>Medical history</source>
        <translation>病史</translation>
    </message>
    <message>
        <source>Care plan</source>
        <translation>关爱计划</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Hobbies</source>
        <translation>兴趣爱好</translation>
    </message>
    <message>
        <source>Personality</source>
        <translation>性格特点</translation>
    </message>
    <message>
        <source>What the child needs</source>
        <translation>孩子的需求</translation>
    </message>
    <message>
        <source>What the school does</source>
        <translation>学校的帮扶措施</translation>
    </message>
    <message>
        <source>Responsible mentor</source>
        <translation>帮扶教师</translation>
    </message>
    <message>
        <source>History</source>
        <translation>变更记录</translation>
    </message>
    <message>
        <source>Change status…</source>
        <translation>更改状态…</translation>
    </message>
    <message>
        <source>Confirm the record is still true</source>
        <translation>确认档案信息仍然属实</translation>
    </message>
    <message>
        <source>Record the guardian's consent…</source>
        <translation>登记监护人同意…</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>This is the existing record; what you typed fills its empty fields. Check it and save.</source>
        <translation>这是已有的档案，你刚才填写的内容已补进其中的空白项。请检查后保存。</translation>
    </message>
    <message>
        <source>The record was not saved: correct the fields in red.</source>
        <translation>档案没有保存：请改正标红的项目。</translation>
    </message>
    <message>
        <source>Discard changes?</source>
        <translation>放弃修改吗？</translation>
    </message>
    <message>
        <source>You changed this record. Close it without saving the changes?</source>
        <translation>这份档案已修改过。不保存修改就关闭吗？</translation>
    </message>
    <message>
        <source>Choose a photo</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.bmp)</translation>
    </message>
    <message>
        <source>This file is not a picture: choose a photo.</source>
        <translation>这个文件不是图片：请选择一张照片。</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>无照片</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Status: {status}</source>
        <translation>状态：{status}</translation>
    </message>
    <message>
        <source>Status: {old} → {new}</source>
        <translation>状态：{old} → {new}</translation>
    </message>
    <message>
        <source>Consent recorded, given by {who}</source>
        <translation>已登记监护人同意，同意人：{who}</translation>
    </message>
    <message>
        <source>Record created</source>
        <translation>建立档案</translation>
    </message>
    <message>
        <source>Record confirmed as still true</source>
        <translation>确认档案信息仍然属实</translation>
    </message>
    <message>
        <source>Imported from {file}</source>
        <translation>从 {file} 导入</translation>
    </message>
    <message>
        <source>{field}: {old} → {new}</source>
        <translation>{field}：{old} → {new}</translation>
    </message>
</context>
<context>
    <name>ChildrenModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Guardian</source>
        <translation>监护人</translation>
    </message>
    <message>
        <source>Guardian's phone</source>
        <translation>监护人电话</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>缺少信息</translation>
    </message>
</context>
<context>
    <name>ChildrenPage</name>
    <message>
        <source>Search by name, pinyin initials (e.g. wxm), class, or the last digits of an ID or phone</source>
        <translation>按姓名、拼音首字母（如 wxm）、班级，或身份证号、电话的最后几位搜索</translation>
    </message>
    <message>
        <source>New child…</source>
        <translation>新增儿童…</translation>
    </message>
    <message>
        <source>Enter a new child's record (Ctrl+N)</source>
        <translation>录入新的儿童档案（Ctrl+N）</translation>
    </message>
    <message>
        <source>Open record</source>
        <translation>打开档案</translation>
    </message>
    <message>
        <source>Children's records</source>
        <translation>儿童档案</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Incomplete records only</source>
        <translation>只看信息不全的档案</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>年级</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>All grades</source>
        <translation>全部年级</translation>
    </message>
    <message>
        <source>All classes</source>
        <translation>全部班级</translation>
    </message>
    <message>
        <source>{n} children</source>
        <translation>共 {n} 名儿童</translation>
    </message>
    <message>
        <source>{shown} of {n} children</source>
        <translation>显示 {shown} 名，共 {n} 名儿童</translation>
    </message>
</context>
<context>
    <name>ClassMovesModel</name>
    <message>
        <source>Class now</source>
        <translation>现在的班级</translation>
    </message>
    <message>
        <source>In the new school year</source>
        <translation>新学年班级</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>儿童人数</translation>
    </message>
    <message>
        <source>What happens</source>
        <translation>处理方式</translation>
    </message>
    <message>
        <source>Graduates (kept in the archive)</source>
        <translation>毕业（档案保留）</translation>
    </message>
    <message>
        <source>Moves up to grade {grade}</source>
        <translation>升入 {grade} 年级</translation>
    </message>
</context>
<context>
    <name>CompletionView</name>
    <message>
        <source>The share of each class's children who had a talk each month. Red: few talks; green: every child.</source>
        <translation>各班每月完成谈心的儿童比例。红色：谈心少；绿色：每个孩子都谈过。</translation>
    </message>
    <message>
        <source>No talk for two months: {n} children</source>
        <translation>两个月未谈心：{n} 名儿童</translation>
    </message>
</context>
<context>
    <name>ConcernsDialog</name>
    <message>
        <source>Concerns (个别教育管理方案)</source>
        <translation>需要关注的儿童（个别教育管理方案）</translation>
    </message>
    <message>
        <source>Children with an open concern. Choose a child to read their plan. Add a follow-up after each talk or visit, and close the concern when the child is out of trouble.</source>
        <translation>以下是需要关注的儿童。选中一个孩子可查看其帮扶方案。每次谈心或家访后请添加跟进；孩子情况好转后请结束关注。</translation>
    </message>
    <message>
        <source>Children with an open concern, since when, and how often their teachers followed them up.</source>
        <translation>需要关注的儿童、开始关注的日期，以及老师跟进的次数。</translation>
    </message>
    <message>
        <source>No child has an open concern.</source>
        <translation>没有需要关注的儿童。</translation>
    </message>
    <message>
        <source>Plan (个别教育管理方案)</source>
        <translation>个别教育管理方案</translation>
    </message>
    <message>
        <source>Add a follow-up…</source>
        <translation>添加跟进…</translation>
    </message>
    <message>
        <source>Close the concern…</source>
        <translation>结束关注…</translation>
    </message>
    <message>
        <source>The child is out of trouble</source>
        <translation>孩子情况已好转</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>(no plan written yet)</source>
        <translation>（还没有写帮扶方案）</translation>
    </message>
    <message>
        <source>Close the concern</source>
        <translation>结束关注</translation>
    </message>
    <message>
        <source>Close the concern of {child}, today ({day})? Do this when the child is out of trouble. The plan and its follow-ups stay in the record.</source>
        <translation>今天（{day}）结束对{child}的关注吗？请在孩子情况好转后再结束。帮扶方案和跟进记录会保留在档案中。</translation>
    </message>
</context>
<context>
    <name>Conflicts</name>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>child's record</source>
        <translation>儿童档案</translation>
    </message>
    <message>
        <source>family</source>
        <translation>家庭</translation>
    </message>
    <message>
        <source>guardian</source>
        <translation>监护人</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>儿童</translation>
    </message>
    <message>
        <source>What</source>
        <translation>哪一项</translation>
    </message>
    <message>
        <source>Value kept</source>
        <translation>保留的值</translation>
    </message>
    <message>
        <source>Value overwritten</source>
        <translation>被覆盖的值</translation>
    </message>
    <message>
        <source>Kept from</source>
        <translation>保留值来自</translation>
    </message>
    <message>
        <source>Overwritten from</source>
        <translation>被覆盖值来自</translation>
    </message>
    <message>
        <source>Seen</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Dealt with</source>
        <translation>已处理</translation>
    </message>
    <message>
        <source>To review</source>
        <translation>待处理</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>Conflicts (冲突记录)</source>
        <translation>冲突记录</translation>
    </message>
    <message>
        <source>Here the same thing was changed at two places. The newer value was kept. If the overwritten value was the right one, select the line and click “Put back the overwritten value”; otherwise click “Keep”.</source>
        <translation>下面这些内容在两个地方都被修改过，系统保留了较新的值。如果被覆盖的值才是对的，请选中这一行，点“恢复被覆盖的值”；否则点“保留”。</translation>
    </message>
    <message>
        <source>Show the ones already dealt with</source>
        <translation>显示已处理的</translation>
    </message>
    <message>
        <source>There is no conflict to review.</source>
        <translation>没有需要处理的冲突。</translation>
    </message>
    <message>
        <source>Put back the overwritten value</source>
        <translation>恢复被覆盖的值</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Put back the overwritten value?</source>
        <translation>恢复被覆盖的值？</translation>
    </message>
    <message>
        <source>{what} of {child}: “{kept}” is replaced by “{lost}” here, and with the next sync bundles everywhere.</source>
        <translation>{child}的{what}：本机的“{kept}”将改回“{lost}”，下次同步后各处都会改过来。</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <source>Record the guardian's consent</source>
        <translation>登记监护人同意</translation>
    </message>
    <message>
        <source>Signed on paper</source>
        <translation>书面签字同意</translation>
    </message>
    <message>
        <source>Said so (by phone or in person)</source>
        <translation>口头同意（电话或当面）</translation>
    </message>
    <message>
        <source>Given by</source>
        <translation>同意人</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Type the name of the guardian who gave consent.</source>
        <translation>请填写表示同意的监护人姓名。</translation>
    </message>
</context>
<context>
    <name>DayChoiceDialog</name>
    <message>
        <source>Move the talk to another day</source>
        <translation>把谈心改到另一天</translation>
    </message>
    <message>
        <source>{child} ({class_name}) has a talk with {mentor} planned for {day}. Choose the new day with the arrow keys, then press Enter.</source>
        <translation>{child}（{class_name}）与{mentor}的谈心排在 {day}。请用方向键选择新的日期，然后按回车。</translation>
    </message>
    <message>
        <source>{day}  (planned now)</source>
        <translation>{day}（现在的日期）</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>改期</translation>
    </message>
</context>
<context>
    <name>DayForm</name>
    <message>
        <source>For example: 运动会, 县统一放假</source>
        <translation>例如：运动会、县统一放假</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Please check</source>
        <translation>请检查</translation>
    </message>
    <message>
        <source>Sorry, something went wrong</source>
        <translation>抱歉，程序出了问题</translation>
    </message>
    <message>
        <source>The program met an unexpected problem. Your saved records are safe. Please tell the township's IT helper and give them the log file:
{path}</source>
        <translation>程序遇到了意外问题。已保存的记录是安全的。请告诉乡镇的信息技术人员，并把日志文件交给他们：
{path}</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>DisplayTab</name>
    <message>
        <source>{n} minutes</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>文字大小</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Lock the screen when idle for</source>
        <translation>无人操作多久后锁屏</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <source>The new language is used the next time the program starts.</source>
        <translation>新的语言将在下次启动程序时生效。</translation>
    </message>
</context>
<context>
    <name>DocumentPreview</name>
    <message>
        <source>Preparing the pages…</source>
        <translation>正在准备页面……</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The document could not be made.</source>
        <translation>无法生成这份文件。</translation>
    </message>
    <message>
        <source>{pages} page(s). Check them, then print or save them as a PDF.</source>
        <translation>共 {pages} 页。请检查后打印，或另存为 PDF。</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印……</translation>
    </message>
    <message>
        <source>Printing page {page} of {pages}…</source>
        <translation>正在打印第 {page} 页，共 {pages} 页……</translation>
    </message>
    <message>
        <source>{pages} page(s) were sent to the printer.</source>
        <translation>已将 {pages} 页发送到打印机。</translation>
    </message>
    <message>
        <source>Saving the PDF…</source>
        <translation>正在保存 PDF……</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>已保存到 {path}</translation>
    </message>
    <message>
        <source>PDF saved</source>
        <translation>PDF 已保存</translation>
    </message>
    <message>
        <source>{pages} pages were saved to
{path}</source>
        <translation>已将 {pages} 页保存到
{path}</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Write down the recovery code</source>
        <translation>抄下恢复码</translation>
    </message>
    <message>
        <source>If the administrator's password is forgotten, this code is the only way back in. Write it on paper and keep it locked away. It is shown only now.</source>
        <translation>如果忘记了管理员密码，只能用这个恢复码找回。请把它抄在纸上并锁好保管。它只显示这一次。</translation>
    </message>
    <message>
        <source>I have written the recovery code down</source>
        <translation>我已经抄下了恢复码</translation>
    </message>
</context>
<context>
    <name>Eligibility</name>
    <message>
        <source>Under 16 (age {age}).</source>
        <translation>未满 16 周岁（{age} 岁）。</translation>
    </message>
    <message>
        <source>Not counted: 16 or older (age {age}).</source>
        <translation>不计入：已满 16 周岁（{age} 岁）。</translation>
    </message>
    <message>
        <source>Not counted yet: the birth date is not filled in.</source>
        <translation>暂不计入：出生日期没有填写。</translation>
    </message>
    <message>
        <source>Not counted yet: the birth date is after today; check it.</source>
        <translation>暂不计入：出生日期在今天之后，请检查。</translation>
    </message>
    <message>
        <source>Rural household registration (hukou).</source>
        <translation>农村户籍。</translation>
    </message>
    <message>
        <source>Not counted: the household registration (hukou) is not rural.</source>
        <translation>不计入：不是农村户籍。</translation>
    </message>
    <message>
        <source>Both parents work away from home.</source>
        <translation>父母双方都外出务工。</translation>
    </message>
    <message>
        <source>One parent works away and the other cannot look after the child.</source>
        <translation>父母一方外出务工，另一方无监护能力。</translation>
    </message>
    <message>
        <source>Not counted: at least one parent can look after the child at home.</source>
        <translation>不计入：至少有一位家长能在家照顾孩子。</translation>
    </message>
    <message>
        <source>Not counted yet: the guardianship situation is not filled in.</source>
        <translation>暂不计入：监护情况没有填写。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Make a sync bundle (同步包)</source>
        <translation>制作同步包</translation>
    </message>
    <message>
        <source>Choose the USB stick and click “Write”. The file is encrypted: only the township can read it.</source>
        <translation>选择 U 盘，点“写入”。文件已加密，只有乡镇能打开。</translation>
    </message>
    <message>
        <source>Choose the USB stick and click “Write”: a receipt for every school is written on it, one file per school.</source>
        <translation>选择 U 盘，点“写入”：每所学校的回执各写一个文件。</translation>
    </message>
    <message>
        <source>USB stick or folder:</source>
        <translation>U 盘或文件夹：</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Look again for USB sticks (after plugging one in)</source>
        <translation>插上 U 盘后，重新查找</translation>
    </message>
    <message>
        <source>Other folder…</source>
        <translation>其他文件夹…</translation>
    </message>
    <message>
        <source>Send everything, not only what changed since the last bundle</source>
        <translation>发送全部数据（不只是上次以来的变化）</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>写入</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Click the USB stick to use.</source>
        <translation>请点选要用的 U 盘。</translation>
    </message>
    <message>
        <source>No USB stick was found. Plug one in and click “Refresh”, or choose “Other folder…”.</source>
        <translation>没有找到 U 盘。请插上 U 盘后点“刷新”，或点“其他文件夹…”。</translation>
    </message>
    <message>
        <source>Where to write the sync bundle</source>
        <translation>同步包写到哪里</translation>
    </message>
    <message>
        <source>Writing and checking the sync bundle… Do not pull out the USB stick.</source>
        <translation>正在写入并核对同步包……请不要拔出 U 盘。</translation>
    </message>
    <message>
        <source>Written and checked: you can pull out the USB stick now.</source>
        <translation>已写入并核对无误，可以拔出 U 盘了</translation>
    </message>
    <message>
        <source>On Windows, click “Safely Remove Hardware” (安全删除硬件) at the bottom right of the screen first, then pull out the stick.</source>
        <translation>请先点屏幕右下角的“安全删除硬件”，再拔出 U 盘。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>{file} for {name}: {n} records, {kb} KB</source>
        <translation>{file}（给{name}）：{n} 条记录，{kb} KB</translation>
    </message>
    <message>
        <source>Please wait until the bundle is written and checked.</source>
        <translation>请等同步包写入并核对完毕。</translation>
    </message>
</context>
<context>
    <name>FamilyContactDialog</name>
    <message>
        <source>Correct a family call</source>
        <translation>更正亲情电话记录</translation>
    </message>
    <message>
        <source>Log a family call</source>
        <translation>记录亲情电话</translation>
    </message>
    <message>
        <source>e.g. 2026-11-05</source>
        <translation>例如 2026-11-05</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>optional: what they talked about, how it went</source>
        <translation>可不填：聊了什么，聊得怎么样</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Talked with</source>
        <translation>通话对象</translation>
    </message>
    <message>
        <source>Phone or video</source>
        <translation>电话/视频</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>时长（分钟）</translation>
    </message>
    <message>
        <source>Phone used</source>
        <translation>所用电话</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Save (Enter)</source>
        <translation>保存（Enter）</translation>
    </message>
    <message>
        <source>Save, next child (Ctrl+Enter)</source>
        <translation>保存并记录下一位 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Skip this child</source>
        <translation>跳过这个孩子</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <source>Every child in the list is done.</source>
        <translation>列表中的孩子都已记录完。</translation>
    </message>
    <message>
        <source>Child {n} of {total}</source>
        <translation>第 {n} 名 / 共 {total} 名</translation>
    </message>
    <message>
        <source>Correcting the call</source>
        <translation>正在更正通话记录</translation>
    </message>
</context>
<context>
    <name>FamilyContactPanel</name>
    <message>
        <source>Child</source>
        <translation>儿童</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Calls this month</source>
        <translation>本月通话次数</translation>
    </message>
    <message>
        <source>Last talk with a parent</source>
        <translation>最近一次与父母通话</translation>
    </message>
    <message>
        <source>None on record</source>
        <translation>没有记录</translation>
    </message>
    <message>
        <source>{day} (none this month)</source>
        <translation>{day}（本月没有）</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Talked with</source>
        <translation>通话对象</translation>
    </message>
    <message>
        <source>Phone or video</source>
        <translation>电话/视频</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>时长（分钟）</translation>
    </message>
    <message>
        <source>Phone used</source>
        <translation>所用电话</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>◀ Previous month</source>
        <translation>◀ 上个月</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Next month ▶</source>
        <translation>下个月 ▶</translation>
    </message>
    <message>
        <source>All classes</source>
        <translation>全部班级</translation>
    </message>
    <message>
        <source>Log a call…</source>
        <translation>记录通话…</translation>
    </message>
    <message>
        <source>Or press Enter, or double-click the child</source>
        <translation>也可以按 Enter 键，或双击孩子</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>班级：</translation>
    </message>
    <message>
        <source>No children to show.</source>
        <translation>没有可显示的儿童。</translation>
    </message>
    <message>
        <source>{n} children have not talked with a parent this month (of {total}).</source>
        <translation>本月还有 {n} 名儿童未与父母联系（共 {total} 名）。</translation>
    </message>
    <message>
        <source>Every child has talked with a parent this month ({total}).</source>
        <translation>本月每个孩子都已与父母联系（共 {total} 名）。</translation>
    </message>
    <message>
        <source>Calls of {name} this month: {n}</source>
        <translation>{name}本月通话：{n} 次</translation>
    </message>
    <message>
        <source>Delete the call of {name} on {day}?</source>
        <translation>删除{name} {day} 的通话记录吗？</translation>
    </message>
    <message>
        <source>Delete a call</source>
        <translation>删除通话记录</translation>
    </message>
</context>
<context>
    <name>FamilyPicker</name>
    <message>
        <source>Same family as…</source>
        <translation>与兄弟姐妹同一家庭…</translation>
    </message>
    <message>
        <source>Name or pinyin initials of the brother or sister</source>
        <translation>兄弟姐妹的姓名或拼音首字母</translation>
    </message>
</context>
<context>
    <name>FollowUpDialog</name>
    <message>
        <source>Add a follow-up</source>
        <translation>添加跟进</translation>
    </message>
    <message>
        <source>e.g. 2026-11-05</source>
        <translation>例如 2026-11-05</translation>
    </message>
    <message>
        <source>What the follow-up found or did, e.g. talked with the grandmother</source>
        <translation>这次跟进了解到的情况或采取的措施，例如：和奶奶谈了话</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>What was found or done</source>
        <translation>了解到的情况或采取的措施</translation>
    </message>
    <message>
        <source>Press Ctrl+Enter (or the Save button) to save.</source>
        <translation>按 Ctrl+Enter（或“保存”按钮）保存。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>GrowthDialog</name>
    <message>
        <source>Growth record</source>
        <translation>成长档案</translation>
    </message>
    <message>
        <source>Growth record of {child}</source>
        <translation>{child}的成长档案</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Only what was shared with the parents</source>
        <translation>只看已分享</translation>
    </message>
    <message>
        <source>Add an entry…</source>
        <translation>添加记录…</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Mark as shared</source>
        <translation>标为已分享</translation>
    </message>
    <message>
        <source>Print this term's growth record…</source>
        <translation>打印本学期成长档案…</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>{n} entries</source>
        <translation>共 {n} 条</translation>
    </message>
    <message>
        <source>✓ Shared with the parents</source>
        <translation>✓ 已与家长分享</translation>
    </message>
    <message>
        <source>Take back the shared mark</source>
        <translation>取消分享</translation>
    </message>
    <message>
        <source>Delete the entry of {day} “{title}” and its photos?</source>
        <translation>删除 {day} 的“{title}”及其照片吗？</translation>
    </message>
    <message>
        <source>Delete an entry</source>
        <translation>删除记录</translation>
    </message>
</context>
<context>
    <name>GrowthEntryDialog</name>
    <message>
        <source>Change a growth record entry</source>
        <translation>修改成长档案记录</translation>
    </message>
    <message>
        <source>Add to the growth record</source>
        <translation>添加到成长档案</translation>
    </message>
    <message>
        <source>e.g. 2026-11-05</source>
        <translation>例如 2026-11-05</translation>
    </message>
    <message>
        <source>e.g. 数学单元测试 92 分</source>
        <translation>例如 数学单元测试 92 分</translation>
    </message>
    <message>
        <source>Shared with the parents</source>
        <translation>已与家长分享</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter)</source>
        <translation>保存（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Close without saving (Esc)</source>
        <translation>不保存，关闭（Esc）</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Not imported</source>
        <translation>未导入</translation>
    </message>
    <message>
        <source>Can it be undone?</source>
        <translation>能否撤销</translation>
    </message>
    <message>
        <source>Undone on {time}</source>
        <translation>已于 {time} 撤销</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>children on record</source>
        <translation>名在册留守儿童</translation>
    </message>
    <message>
        <source>classes</source>
        <translation>个班级</translation>
    </message>
    <message>
        <source>records to complete</source>
        <translation>份档案待完善</translation>
    </message>
    <message>
        <source>Open the children's records</source>
        <translation>打开儿童档案</translation>
    </message>
    <message>
        <source>Print contact cards</source>
        <translation>打印联系卡</translation>
    </message>
    <message>
        <source>Preview and print the contact cards of your children, four to a page</source>
        <translation>预览并打印您的学生的联系卡，每页 4 张</translation>
    </message>
    <message>
        <source>Notices from the township</source>
        <translation>乡镇通知</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>talks due this week</source>
        <translation>本周应谈</translation>
    </message>
    <message>
        <source>talks overdue this month</source>
        <translation>本月已逾期</translation>
    </message>
    <message>
        <source>children with an open concern</source>
        <translation>需要关注的儿童</translation>
    </message>
    <message>
        <source>children not yet in touch with a parent</source>
        <translation>名儿童本月未与父母联系</translation>
    </message>
    <message>
        <source>Children with no phone or video call with their father or mother this month</source>
        <translation>本月还没有和父亲或母亲通过电话或视频的儿童</translation>
    </message>
    <message>
        <source>Open the talks</source>
        <translation>打开谈心页</translation>
    </message>
    <message>
        <source>Open the term plan</source>
        <translation>打开行事历</translation>
    </message>
    <message>
        <source>No activities planned this week.</source>
        <translation>本周没有安排活动。</translation>
    </message>
    <message>
        <source>{township}, {day}</source>
        <translation>{township}，{day}</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <source>{month}/{day} {weekday}</source>
        <translation>{month}月{day}日 {weekday}</translation>
    </message>
    <message>
        <source> to {month}/{day}</source>
        <translation>至{month}月{day}日</translation>
    </message>
    <message>
        <source> (held)</source>
        <translation>（已开展）</translation>
    </message>
</context>
<context>
    <name>HomeVisitDialog</name>
    <message>
        <source>Correct a home visit</source>
        <translation>更正家访记录</translation>
    </message>
    <message>
        <source>Record a home visit</source>
        <translation>记录家访</translation>
    </message>
    <message>
        <source>e.g. 2026-11-05</source>
        <translation>例如 2026-11-05</translation>
    </message>
    <message>
        <source>the teachers who went, e.g. 王老师、李老师</source>
        <translation>去家访的老师，例如 王老师、李老师</translation>
    </message>
    <message>
        <source>whom you met at home</source>
        <translation>在家见到了谁</translation>
    </message>
    <message>
        <source>the family's situation, how the child is at home</source>
        <translation>家庭情况，孩子在家的表现</translation>
    </message>
    <message>
        <source>what the school and the family agreed to do</source>
        <translation>学校和家庭商定要做的事</translation>
    </message>
    <message>
        <source>Date of the visit</source>
        <translation>家访日期</translation>
    </message>
    <message>
        <source>Visiting teachers</source>
        <translation>家访教师</translation>
    </message>
    <message>
        <source>Met at home</source>
        <translation>见到的家人</translation>
    </message>
    <message>
        <source>Family situation and the child at home</source>
        <translation>家庭情况及孩子在家表现</translation>
    </message>
    <message>
        <source>What was agreed</source>
        <translation>商定事项</translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter)</source>
        <translation>保存（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Close without saving (Esc)</source>
        <translation>不保存，关闭（Esc）</translation>
    </message>
</context>
<context>
    <name>HomeVisitsPanel</name>
    <message>
        <source>Child</source>
        <translation>儿童</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Home visit</source>
        <translation>家访</translation>
    </message>
    <message>
        <source>Guardian meeting</source>
        <translation>监护人会</translation>
    </message>
    <message>
        <source>Not visited yet</source>
        <translation>未家访</translation>
    </message>
    <message>
        <source>Did not attend</source>
        <translation>未出席</translation>
    </message>
    <message>
        <source>Attended {day} {who}</source>
        <translation>出席 {day} {who}</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Visiting teachers</source>
        <translation>家访教师</translation>
    </message>
    <message>
        <source>Met at home</source>
        <translation>见到的家人</translation>
    </message>
    <message>
        <source>Situation</source>
        <translation>情况</translation>
    </message>
    <message>
        <source>Agreed</source>
        <translation>商定事项</translation>
    </message>
    <message>
        <source>All classes</source>
        <translation>全部班级</translation>
    </message>
    <message>
        <source>Record a home visit…</source>
        <translation>记录家访…</translation>
    </message>
    <message>
        <source>Or press Enter, or double-click the child</source>
        <translation>也可以按 Enter 键，或双击孩子</translation>
    </message>
    <message>
        <source>Print home visit forms…</source>
        <translation>打印家访记录表…</translation>
    </message>
    <message>
        <source>The selected visit, filled in</source>
        <translation>所选的家访（已填好内容）</translation>
    </message>
    <message>
        <source>The selected child's form, visit part empty</source>
        <translation>所选孩子的表（家访部分空白）</translation>
    </message>
    <message>
        <source>A blank form</source>
        <translation>空白表</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>班级：</translation>
    </message>
    <message>
        <source>No term yet</source>
        <translation>还没有学期</translation>
    </message>
    <message>
        <source>Enter the terms in the school calendar (校历) first.</source>
        <translation>请先在校历中录入学期。</translation>
    </message>
    <message>
        <source>Term {term}</source>
        <translation>{term} 学期</translation>
    </message>
    <message>
        <source>Home visits: {visited}/{total}    Guardian meetings: {attended}/{total}</source>
        <translation>家访：{visited}/{total}    监护人会：{attended}/{total}</translation>
    </message>
    <message>
        <source>Home visits to {name} this term: {n}</source>
        <translation>本学期对{name}的家访：{n} 次</translation>
    </message>
    <message>
        <source>Delete the home visit to {name} on {day}?</source>
        <translation>删除 {day} 对{name}的家访记录吗？</translation>
    </message>
    <message>
        <source>Delete a home visit</source>
        <translation>删除家访记录</translation>
    </message>
    <message>
        <source>Home visit form</source>
        <translation>家访记录表</translation>
    </message>
</context>
<context>
    <name>IdentityPage</name>
    <message>
        <source>Name and code</source>
        <translation>名称和代码</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>所属乡镇</translation>
    </message>
    <message>
        <source>School name</source>
        <translation>学校名称</translation>
    </message>
    <message>
        <source>Township name</source>
        <translation>乡镇名称</translation>
    </message>
    <message>
        <source>School code (10 digits)</source>
        <translation>学校标识码（10 位）</translation>
    </message>
    <message>
        <source>Township code</source>
        <translation>乡镇代码</translation>
    </message>
    <message>
        <source>As printed on the school's documents; the name appears on every card.</source>
        <translation>请按学校公文上的写法填写；学校名称会印在每张联系卡上。</translation>
    </message>
    <message>
        <source>The township's code identifies it to its schools.</source>
        <translation>乡镇代码用于让各学校识别本乡镇。</translation>
    </message>
</context>
<context>
    <name>ImportHistoryDialog</name>
    <message>
        <source>Roster imports</source>
        <translation>花名册导入记录</translation>
    </message>
    <message>
        <source>Undo this import…</source>
        <translation>撤销这次导入…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>An import can be undone while nobody has edited the children it added or changed. A backup is made first.</source>
        <translation>只要这次导入新增或修改的儿童档案还没有人改动过，就可以撤销导入。撤销前会先备份。</translation>
    </message>
    <message>
        <source>Undo the import of {file} made on {time}?

The {n} children it added are removed again and the records it changed get their old values back. A backup is made first.</source>
        <translation>要撤销 {time} 导入的 {file} 吗？

这次导入新增的 {n} 名儿童将被删除，被修改的档案将恢复原来的内容。撤销前会先备份。</translation>
    </message>
    <message>
        <source>Undo an import</source>
        <translation>撤销导入</translation>
    </message>
    <message>
        <source>Import undone</source>
        <translation>已撤销导入</translation>
    </message>
    <message>
        <source>The import was undone.</source>
        <translation>导入已撤销。</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <source>Import a sync bundle — {file}</source>
        <translation>导入同步包 — {file}</translation>
    </message>
    <message>
        <source>Checking {file}…</source>
        <translation>正在检查 {file}……</translation>
    </message>
    <message>
        <source>Conflicts: both sides changed the same thing. The newer value is kept; the other one is listed here and can be put back later (Sync page, “Conflicts”).</source>
        <translation>冲突：两边改了同一项内容。保留较新的值；另一个值列在这里，以后可以恢复（同步页“冲突记录”）。</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入……</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>From {sender} to {recipient}, made {made}.</source>
        <translation>由 {sender} 发给 {recipient}，制作于 {made}。</translation>
    </message>
    <message>
        <source>Nothing new: this bundle (or a newer one from the same sender) was already imported. Importing it again changes nothing.</source>
        <translation>没有新内容：这个同步包（或同一发送方更新的同步包）已经导入过，再导入一次不会改变任何数据。</translation>
    </message>
    <message>
        <source>If you click “Import”:</source>
        <translation>点“导入”后：</translation>
    </message>
    <message>
        <source>Imported:</source>
        <translation>已导入：</translation>
    </message>
    <message>
        <source>• {n} new children</source>
        <translation>• 新增儿童 {n} 名</translation>
    </message>
    <message>
        <source>• {n} new notices from the township (on the home page)</source>
        <translation>• 乡镇新通知 {n} 条（在首页查看）</translation>
    </message>
    <message>
        <source>• {n} new records</source>
        <translation>• 新增记录 {n} 条</translation>
    </message>
    <message>
        <source>• {n} changed records</source>
        <translation>• 修改记录 {n} 条</translation>
    </message>
    <message>
        <source>• {n} records deleted</source>
        <translation>• 删除记录 {n} 条</translation>
    </message>
    <message>
        <source>• {n} conflicts to review (listed below)</source>
        <translation>• 待处理冲突 {n} 个（见下表）</translation>
    </message>
    <message>
        <source>Nothing changes: the bundle holds nothing new for this computer.</source>
        <translation>不会有变化：这个同步包里没有本机没有的内容。</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Sign in as someone else</source>
        <translation>换人登录</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>{name} locked the screen. Type the password to go on.</source>
        <translation>{name} 锁定了屏幕。请输入密码继续。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Left-behind children care — {name}</source>
        <translation>留守儿童关爱 — {name}</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <source>Township overview</source>
        <translation>乡镇汇总</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>儿童档案</translation>
    </message>
    <message>
        <source>Talks</source>
        <translation>谈心</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>{user} ({role})</source>
        <translation>{user}（{role}）</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁屏</translation>
    </message>
    <message>
        <source>Lock the screen (Ctrl+L)</source>
        <translation>锁定屏幕（Ctrl+L）</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
</context>
<context>
    <name>MentorFiguresView</name>
    <message>
        <source>Each mentor's children this month and how many of their talks were held. A child without a mentor counts for their class teacher.</source>
        <translation>每位帮扶教师本月负责的儿童及已完成的谈心数。没有帮扶教师的儿童计入其班主任。</translation>
    </message>
</context>
<context>
    <name>MonthGrid</name>
    <message>
        <source>◀ Previous month</source>
        <translation>◀ 上个月</translation>
    </message>
    <message>
        <source>Page Up</source>
        <translation>Page Up</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Next month ▶</source>
        <translation>下个月 ▶</translation>
    </message>
    <message>
        <source>Page Down</source>
        <translation>Page Down</translation>
    </message>
    <message>
        <source>Holiday</source>
        <translation>节假日</translation>
    </message>
    <message>
        <source>Day off</source>
        <translation>休息日</translation>
    </message>
    <message>
        <source>Winter holiday</source>
        <translation>寒假</translation>
    </message>
    <message>
        <source>Summer holiday</source>
        <translation>暑假</translation>
    </message>
    <message>
        <source>Make-up school day</source>
        <translation>调休上课</translation>
    </message>
    <message>
        <source>{day}: {count} activities</source>
        <translation>{day}：{count} 项活动</translation>
    </message>
</context>
<context>
    <name>NewAccountDialog</name>
    <message>
        <source>New account</source>
        <translation>新建账号</translation>
    </message>
    <message>
        <source>User name (for signing in)</source>
        <translation>用户名（登录用）</translation>
    </message>
    <message>
        <source>Teacher's name</source>
        <translation>教师姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Classes (for a class teacher)</source>
        <translation>所带班级（班主任）</translation>
    </message>
</context>
<context>
    <name>NoticesDialog</name>
    <message>
        <source> (by {day})</source>
        <translation>（{day} 前）</translation>
    </message>
    <message>
        <source>Sent on</source>
        <translation>发出日期</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>Notices and templates for the schools</source>
        <translation>给各校的通知与模板</translation>
    </message>
    <message>
        <source>&amp;Withdraw the chosen notice</source>
        <translation>撤回所选通知(&amp;W)</translation>
    </message>
    <message>
        <source>What the schools should know or do</source>
        <translation>要让各校知道或去做的事</translation>
    </message>
    <message>
        <source>&amp;Deadline:</source>
        <translation>截止日期(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Send notice</source>
        <translation>发送通知(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>标题(&amp;T)：</translation>
    </message>
    <message>
        <source>Te&amp;xt:</source>
        <translation>内容(&amp;X)：</translation>
    </message>
    <message>
        <source>New notice</source>
        <translation>新通知</translation>
    </message>
    <message>
        <source>Leave empty to keep its name</source>
        <translation>留空则沿用原名</translation>
    </message>
    <message>
        <source>S&amp;hare with every school</source>
        <translation>共享给所有学校(&amp;H)</translation>
    </message>
    <message>
        <source>Te&amp;mplate a school saved:</source>
        <translation>学校保存的模板(&amp;M)：</translation>
    </message>
    <message>
        <source>Share it &amp;as:</source>
        <translation>共享名称(&amp;A)：</translation>
    </message>
    <message>
        <source>Share a term-plan template</source>
        <translation>共享行事历模板</translation>
    </message>
    <message>
        <source>Notices and shared templates go to every school with the receipts you write for them next (Sync page: Write receipts and notices for the schools…). A withdrawn notice disappears at the schools the same way.</source>
        <translation>通知和共享模板会随下一次写给各校的回执送到每所学校（“同步”页：制作给各校的回执和通知…）。撤回的通知也会这样从各校撤下。</translation>
    </message>
    <message>
        <source>No school has sent a saved template yet</source>
        <translation>还没有学校发来保存的模板</translation>
    </message>
    <message>
        <source>Sent: the next bundles take it to every school.</source>
        <translation>已发出：下一次的回执会把它送到每所学校。</translation>
    </message>
    <message>
        <source>Choose the notice to withdraw in the list.</source>
        <translation>请先在列表中选中要撤回的通知。</translation>
    </message>
    <message>
        <source>Withdraw the notice “{title}”? The schools' copies go too.</source>
        <translation>撤回通知“{title}”吗？各校的这条通知也会撤下。</translation>
    </message>
    <message>
        <source>Withdraw notice</source>
        <translation>撤回通知</translation>
    </message>
    <message>
        <source>Withdrawn: the next bundles take it off the schools.</source>
        <translation>已撤回：下一次的回执会把它从各校撤下。</translation>
    </message>
    <message>
        <source>Shared “{name}”: the next bundles take it to every school.</source>
        <translation>已共享“{name}”：下一次的回执会把它送到每所学校。</translation>
    </message>
</context>
<context>
    <name>PairingDialog</name>
    <message>
        <source>Teacher</source>
        <translation>老师</translation>
    </message>
    <message>
        <source>Signs in?</source>
        <translation>能否登录</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>儿童数</translation>
    </message>
    <message>
        <source>Their classes</source>
        <translation>所在班级</translation>
    </message>
    <message>
        <source>Left the school</source>
        <translation>已离校</translation>
    </message>
    <message>
        <source>Has an account</source>
        <translation>有账号</translation>
    </message>
    <message>
        <source>Staff only</source>
        <translation>仅教职工（无账号）</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>儿童</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Study buddy</source>
        <translation>学习帮手</translation>
    </message>
    <message>
        <source>Mentors (结对帮扶)</source>
        <translation>结对帮扶</translation>
    </message>
    <message>
        <source>Make mentor of a class…</source>
        <translation>指定班级的帮扶教师…</translation>
    </message>
    <message>
        <source>Assign the selected children to…</source>
        <translation>将选中的儿童分配给…</translation>
    </message>
    <message>
        <source>Share evenly…</source>
        <translation>平均分配…</translation>
    </message>
    <message>
        <source>Hand over…</source>
        <translation>移交…</translation>
    </message>
    <message>
        <source>Study buddy…</source>
        <translation>学习帮手…</translation>
    </message>
    <message>
        <source>Add a staff member…</source>
        <translation>添加教职工…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Children per teacher, the busiest first:</source>
        <translation>每位老师帮扶的儿童数（最多的在前）：</translation>
    </message>
    <message>
        <source>Select children here (Ctrl+A: all), then assign them:</source>
        <translation>在这里选择儿童（Ctrl+A 全选），然后分配：</translation>
    </message>
    <message>
        <source>The children of the teacher selected on the left:</source>
        <translation>左侧所选老师帮扶的儿童：</translation>
    </message>
    <message>
        <source>Every child should have a mentor teacher (帮扶教师) who talks with them every month.</source>
        <translation>每个儿童都应有一位帮扶教师，每月与孩子谈心。</translation>
    </message>
    <message>
        <source>Only the administrator can change who mentors whom.</source>
        <translation>只有管理员可以更改结对帮扶。</translation>
    </message>
    <message>
        <source>{count} children have no mentor yet.</source>
        <translation>{count} 名儿童还没有帮扶教师。</translation>
    </message>
    <message>
        <source>Every child has a mentor.</source>
        <translation>每个儿童都有帮扶教师。</translation>
    </message>
    <message>
        <source>Without a mentor ({count})</source>
        <translation>没有帮扶教师（{count}）</translation>
    </message>
    <message>
        <source>Children of the selected teacher</source>
        <translation>所选老师帮扶的儿童</translation>
    </message>
    <message>
        <source>Children of {name} ({count})</source>
        <translation>{name}帮扶的儿童（{count}）</translation>
    </message>
    <message>
        <source>{name} ({count} children)</source>
        <translation>{name}（{count} 名儿童）</translation>
    </message>
    <message>
        <source>Make mentor of a class</source>
        <translation>指定班级的帮扶教师</translation>
    </message>
    <message>
        <source>Every child of the class gets this teacher as their mentor, also the children who have another mentor now. The old pairing stays in each child's history.</source>
        <translation>这个班的每个儿童都将由这位老师帮扶，包括现在已有其他帮扶教师的儿童。原来的结对会保留在每个孩子的历史记录中。</translation>
    </message>
    <message>
        <source>Mentor</source>
        <translation>帮扶教师</translation>
    </message>
    <message>
        <source>{teacher} is now the mentor of class {klass}: {count} children changed.</source>
        <translation>{teacher}现在是{klass}的帮扶教师：{count} 名儿童有变动。</translation>
    </message>
    <message>
        <source>First select children in the list on the right (click, Shift+click or Ctrl+A for all), then press this button again.</source>
        <translation>请先在右侧列表中选择儿童（单击、Shift+单击，或按 Ctrl+A 全选），再按这个按钮。</translation>
    </message>
    <message>
        <source>The {count} selected children get this teacher as their mentor.</source>
        <translation>选中的 {count} 名儿童将由这位老师帮扶。</translation>
    </message>
    <message>
        <source>Assign the selected children</source>
        <translation>分配选中的儿童</translation>
    </message>
    <message>
        <source>{count} children now have {teacher} as their mentor.</source>
        <translation>{count} 名儿童现在由{teacher}帮扶。</translation>
    </message>
    <message>
        <source>Share evenly</source>
        <translation>平均分配</translation>
    </message>
    <message>
        <source>Tick at least one teacher to share the children among.</source>
        <translation>请至少勾选一位老师来分配儿童。</translation>
    </message>
    <message>
        <source>{name}: {before} → {after}</source>
        <translation>{name}：{before} → {after}</translation>
    </message>
    <message>
        <source>Share the {total} children among {mentors} teachers? Children per teacher, now → afterwards:</source>
        <translation>把 {total} 名儿童分给 {mentors} 位老师吗？每位老师的儿童数（现在 → 分配后）：</translation>
    </message>
    <message>
        <source>The children were shared evenly: {shares}.</source>
        <translation>儿童已平均分配：{shares}。</translation>
    </message>
    <message>
        <source>No teacher mentors any child yet.</source>
        <translation>还没有老师担任帮扶教师。</translation>
    </message>
    <message>
        <source>Hand over a mentor's children</source>
        <translation>移交帮扶教师的儿童</translation>
    </message>
    <message>
        <source>When a mentor leaves the school or stops mentoring, all their children go to another teacher in one step.</source>
        <translation>帮扶教师离校或不再帮扶时，一步就能把他帮扶的所有儿童交给另一位老师。</translation>
    </message>
    <message>
        <source>The mentor who leaves</source>
        <translation>离开的帮扶教师</translation>
    </message>
    <message>
        <source>The teacher who takes the children</source>
        <translation>接手的老师</translation>
    </message>
    <message>
        <source>Give all {count} children of {old} to {new}?</source>
        <translation>把{old}帮扶的全部 {count} 名儿童交给{new}吗？</translation>
    </message>
    <message>
        <source>Hand over</source>
        <translation>移交</translation>
    </message>
    <message>
        <source>{count} children of {old} now have {new} as their mentor.</source>
        <translation>{old}帮扶的 {count} 名儿童现在由{new}帮扶。</translation>
    </message>
    <message>
        <source>First select one child in the list on the right, then press “Study buddy…” again.</source>
        <translation>请先在右侧列表中选择一个儿童，再按“学习帮手…”。</translation>
    </message>
    <message>
        <source>{name} has no study buddy now.</source>
        <translation>{name}现在没有学习帮手。</translation>
    </message>
    <message>
        <source>{buddy} is now the study buddy of {name}.</source>
        <translation>{buddy}现在是{name}的学习帮手。</translation>
    </message>
    <message>
        <source>Add a staff member</source>
        <translation>添加教职工</translation>
    </message>
    <message>
        <source>For a teacher or member of staff who has no account but can be a mentor. Teachers who sign in are added under Settings, Accounts.</source>
        <translation>用于没有账号但可以担任帮扶教师的老师或职工。需要登录的老师请在“设置 → 账号”中添加。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>可不填</translation>
    </message>
    <message>
        <source>{name} was added and can now be chosen as a mentor.</source>
        <translation>已添加{name}，现在可以选为帮扶教师。</translation>
    </message>
</context>
<context>
    <name>PartnerChoiceDialog</name>
    <message>
        <source>Swap days with another talk</source>
        <translation>与另一次谈心互换日期</translation>
    </message>
    <message>
        <source>{child}'s talk is planned for {day}. Choose the talk it swaps days with; type a name to find it quickly.</source>
        <translation>{child}的谈心排在 {day}。请选择要互换日期的另一次谈心；输入姓名可以快速查找。</translation>
    </message>
    <message>
        <source>Name, class or teacher</source>
        <translation>姓名、班级或老师</translation>
    </message>
    <message>
        <source>Swap days</source>
        <translation>互换日期</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <source>◀ Previous page</source>
        <translation>◀ 上一页</translation>
    </message>
    <message>
        <source>Previous page (Page Up)</source>
        <translation>上一页（Page Up）</translation>
    </message>
    <message>
        <source>Next page ▶</source>
        <translation>下一页 ▶</translation>
    </message>
    <message>
        <source>Next page (Page Down)</source>
        <translation>下一页（Page Down）</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>第 {page} 页 / 共 {pages} 页</translation>
    </message>
</context>
<context>
    <name>PhonesPage</name>
    <message>
        <source>The school's phone numbers</source>
        <translation>学校电话</translation>
    </message>
    <message>
        <source>Printed on every child's contact card. You can change them later.</source>
        <translation>会印在每个孩子的联系卡上，以后可以修改。</translation>
    </message>
    <message>
        <source>Family call phone (亲情电话)</source>
        <translation>亲情电话</translation>
    </message>
    <message>
        <source>Emergency numbers</source>
        <translation>紧急电话</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <source>Add a photo…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <source>Remove photo</source>
        <translation>删除照片</translation>
    </message>
    <message>
        <source>Not saved yet</source>
        <translation>尚未保存</translation>
    </message>
    <message>
        <source>Save first, then photos can be added.</source>
        <translation>请先保存，然后才能添加照片。</translation>
    </message>
    <message>
        <source>The photos are kept when you save.</source>
        <translation>点保存时，照片会一起保存。</translation>
    </message>
    <message>
        <source>No photos yet.</source>
        <translation>还没有照片。</translation>
    </message>
    <message>
        <source>Double-click a photo to see it large.</source>
        <translation>双击照片可以放大查看。</translation>
    </message>
    <message>
        <source>Choose a photo</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Remove the selected photo?</source>
        <translation>删除选中的照片吗？</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <source>{created} activities were added to the plan; {kept} were there already and were not added again; {skipped} fall outside this term.</source>
        <translation>已向行事历新增 {created} 项活动；{kept} 项原来就有，没有重复添加；{skipped} 项不在本学期内。</translation>
    </message>
    <message>
        <source>Not in this term: {titles}</source>
        <translation>不在本学期内：{titles}</translation>
    </message>
    <message>
        <source>Plan the term from a template</source>
        <translation>按模板排期</translation>
    </message>
    <message>
        <source>{title} (saved by the school)</source>
        <translation>{title}（本校保存）</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Plan the term</source>
        <translation>开始排期</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <source>Plan the term {term}</source>
        <translation>为 {term} 学期排期</translation>
    </message>
    <message>
        <source>The template's activities are put on this term's days. Planning again adds only what is missing, and an activity you deleted is not added back.</source>
        <translation>模板中的活动会排到本学期的日期上。再次排期只补上缺少的活动，已删除的活动不会再加回来。</translation>
    </message>
    <message>
        <source>There is no template yet.</source>
        <translation>还没有模板。</translation>
    </message>
    <message>
        <source>This template has {count} activities for an autumn term.</source>
        <translation>这个模板有 {count} 项秋季学期的活动。</translation>
    </message>
    <message>
        <source>This template has {count} activities for a spring term.</source>
        <translation>这个模板有 {count} 项春季学期的活动。</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Contact cards (联系卡)</source>
        <translation>联系卡</translation>
    </message>
    <message>
        <source>Registration forms (登记表)</source>
        <translation>登记表</translation>
    </message>
    <message>
        <source>Talk record cards (谈心记录卡)</source>
        <translation>谈心记录卡</translation>
    </message>
    <message>
        <source>Blank talk record card, to fill in by hand</source>
        <translation>空白谈心记录卡（手写用）</translation>
    </message>
    <message>
        <source>Class roster (花名册)</source>
        <translation>花名册</translation>
    </message>
    <message>
        <source>What to print</source>
        <translation>打印内容</translation>
    </message>
    <message>
        <source>Which children</source>
        <translation>打印哪些儿童</translation>
    </message>
    <message>
        <source>Card layout</source>
        <translation>联系卡版式</translation>
    </message>
    <message>
        <source>The chosen children</source>
        <translation>选定的儿童</translation>
    </message>
    <message>
        <source>The whole school</source>
        <translation>全校</translation>
    </message>
    <message>
        <source>All my classes</source>
        <translation>我的所有班级</translation>
    </message>
    <message>
        <source>All the children I mentor</source>
        <translation>我帮扶的所有儿童</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Preparing the pages…</source>
        <translation>正在准备页面……</translation>
    </message>
    <message>
        <source>The preview was stopped. Change a choice to make it again.</source>
        <translation>预览已停止。更改任一选项即可重新生成。</translation>
    </message>
    <message>
        <source>Pages: {pages}</source>
        <translation>页数：{pages} 页</translation>
    </message>
    <message>
        <source>Children: {n}
Pages: {pages}</source>
        <translation>儿童：{n} 名
页数：{pages} 页</translation>
    </message>
    <message>
        <source> … and {n} more</source>
        <translation> …… 另有 {n} 个</translation>
    </message>
    <message>
        <source>These names or addresses have rare characters that this computer's fonts cannot print (they would come out as empty boxes): {names}. Please write them in by hand after printing, or ask the township for the rare-character font pack and copy it into {folder}.</source>
        <translation>以下姓名或地址中有生僻字，本机字体无法打印（会印成空白方框）：{names}。请打印后手写补上，或向乡镇索取生僻字字体包，复制到 {folder}。</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印……</translation>
    </message>
    <message>
        <source>Printing page {page} of {pages}…</source>
        <translation>正在打印第 {page} 页，共 {pages} 页……</translation>
    </message>
    <message>
        <source>Saving the PDF…</source>
        <translation>正在保存 PDF……</translation>
    </message>
    <message>
        <source>PDF saved</source>
        <translation>PDF 已保存</translation>
    </message>
    <message>
        <source>{pages} pages were saved to
{path}</source>
        <translation>已将 {pages} 页保存到
{path}</translation>
    </message>
</context>
<context>
    <name>PrintPage</name>
    <message>
        <source>Contact cards (联系卡)</source>
        <translation>联系卡</translation>
    </message>
    <message>
        <source>One card per child with the family's and the school's numbers.</source>
        <translation>每个孩子一张卡，印有家里和学校的电话。</translation>
    </message>
    <message>
        <source>Registration forms (登记表)</source>
        <translation>登记表</translation>
    </message>
    <message>
        <source>The official form of each child, one A4 page a child.</source>
        <translation>每个孩子的正式登记表，每人一页 A4 纸。</translation>
    </message>
    <message>
        <source>Talk record cards (谈心记录卡)</source>
        <translation>谈心记录卡</translation>
    </message>
    <message>
        <source>Filled with the child's details, or blank to write by hand.</source>
        <translation>可印上孩子的信息，也可打印空白卡手写。</translation>
    </message>
    <message>
        <source>Class roster (花名册)</source>
        <translation>花名册</translation>
    </message>
    <message>
        <source>The list of the children of a class or of the school.</source>
        <translation>一个班或全校的儿童名单。</translation>
    </message>
    <message>
        <source>Term plan (行事历)</source>
        <translation>行事历</translation>
    </message>
    <message>
        <source>This term's activities month by month, with what has been done.</source>
        <translation>本学期的活动（按月排列）及完成情况。</translation>
    </message>
    <message>
        <source>Guardian meeting sign-in sheet (签到表)</source>
        <translation>监护人会签到表</translation>
    </message>
    <message>
        <source>A blank sheet; a meeting's own sheet is printed from the activity.</source>
        <translation>空白签到表；某次会议的签到表请在该活动里打印。</translation>
    </message>
    <message>
        <source>Home visit form (家访记录表)</source>
        <translation>家访记录表</translation>
    </message>
    <message>
        <source>A blank form to take along on a home visit.</source>
        <translation>空白表，家访时带上填写。</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Choose what to print. You will see a preview first; nothing is printed until you press Print.</source>
        <translation>请选择要打印的内容。会先显示预览，按“打印”后才会真正打印。</translation>
    </message>
    <message>
        <source>Term plan</source>
        <translation>行事历</translation>
    </message>
    <message>
        <source>No term is entered in the school calendar yet. Ask the administrator to enter the terms (Talks page → School calendar).</source>
        <translation>校历中还没有录入学期。请管理员录入学期（“谈心”页 → “校历”）。</translation>
    </message>
    <message>
        <source>Sign-in sheet</source>
        <translation>签到表</translation>
    </message>
    <message>
        <source>Home visit form</source>
        <translation>家访记录表</translation>
    </message>
</context>
<context>
    <name>PrivacyTab</name>
    <message>
        <source>Children's personal information is kept only while it is needed. Children who graduated, moved or left more than {years} years ago are listed here. Anonymising removes their names, ID numbers, addresses, health details and their family's contacts for good; the counts in old statistics stay.</source>
        <translation>孩子的个人信息只在需要时保存。这里列出毕业、转学或离校已超过 {years} 年的孩子。匿名化会永久删除他们的姓名、身份证号、住址、健康情况和家庭联系方式；以往统计中的人数保持不变。</translation>
    </message>
    <message>
        <source>Anonymise the ticked records…</source>
        <translation>匿名化勾选的档案…</translation>
    </message>
    <message>
        <source>Anonymise records</source>
        <translation>匿名化档案</translation>
    </message>
    <message>
        <source>Anonymise {n} records? This cannot be undone: the names, ID numbers and contacts are removed for good.</source>
        <translation>要匿名化 {n} 份档案吗？此操作不能撤销：姓名、身份证号和联系方式将被永久删除。</translation>
    </message>
    <message>
        <source>Anonymised</source>
        <translation>已匿名化</translation>
    </message>
    <message>
        <source>{n} records were anonymised.</source>
        <translation>已匿名化 {n} 份档案。</translation>
    </message>
</context>
<context>
    <name>ProblemsModel</name>
    <message>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>What happens</source>
        <translation>处理方式</translation>
    </message>
    <message>
        <source>Reason and what to do</source>
        <translation>原因和处理办法</translation>
    </message>
    <message>
        <source>Row not imported</source>
        <translation>未导入</translation>
    </message>
    <message>
        <source>Imported, cell left blank</source>
        <translation>已导入，该格留空</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>Reset the administrator's password</source>
        <translation>重设管理员密码</translation>
    </message>
    <message>
        <source>Type the recovery code that was written down at set-up. The code is used up: a new one is shown afterwards.</source>
        <translation>请输入设置时抄下的恢复码。恢复码用过一次就作废，之后会显示新的恢复码。</translation>
    </message>
    <message>
        <source>Recovery code</source>
        <translation>恢复码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
</context>
<context>
    <name>RolePage</name>
    <message>
        <source>Welcome</source>
        <translation>欢迎使用</translation>
    </message>
    <message>
        <source>This assistant sets up the program on this computer. It takes a few minutes.</source>
        <translation>本向导将在这台电脑上完成设置，只需几分钟。</translation>
    </message>
    <message>
        <source>A school: we register and care for our children</source>
        <translation>学校：为本校的留守儿童建档和关爱</translation>
    </message>
    <message>
        <source>A township office: we collect the schools' sync files</source>
        <translation>乡镇（中心校、乡妇联等）：汇总各学校的同步文件</translation>
    </message>
    <message>
        <source>Who will use this computer?</source>
        <translation>这台电脑由谁使用？</translation>
    </message>
</context>
<context>
    <name>RosterActions</name>
    <message>
        <source>Import roster…</source>
        <translation>导入花名册…</translation>
    </message>
    <message>
        <source>Import the class roster the school keeps (Excel, WPS or CSV)</source>
        <translation>导入学校现有的班级花名册（Excel、WPS 或 CSV 文件）</translation>
    </message>
    <message>
        <source>Import history…</source>
        <translation>导入记录…</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <source>Class roster (花名册)…</source>
        <translation>花名册…</translation>
    </message>
    <message>
        <source>Registration form columns (登记表)…</source>
        <translation>登记表…</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Contact cards, registration forms, talk record cards or the roster</source>
        <translation>联系卡、登记表、谈心记录卡或花名册</translation>
    </message>
    <message>
        <source>The children in the list…</source>
        <translation>列表中的儿童…</translation>
    </message>
    <message>
        <source>The selected child…</source>
        <translation>选中的儿童…</translation>
    </message>
    <message>
        <source>Growth record…</source>
        <translation>成长档案…</translation>
    </message>
    <message>
        <source>The selected child's growth record: notes, results, awards, letters, photos</source>
        <translation>所选孩子的成长档案：成长记录、成绩、获奖、书信、照片</translation>
    </message>
    <message>
        <source>New school year…</source>
        <translation>开始新学年…</translation>
    </message>
    <message>
        <source>Save the workbook</source>
        <translation>保存 Excel 文件</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>Writing the workbook…</source>
        <translation>正在写入 Excel 文件…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Workbook saved</source>
        <translation>Excel 文件已保存</translation>
    </message>
    <message>
        <source>{n} children were written to
{path}
and the file was read back to check it.</source>
        <translation>已将 {n} 名儿童写入
{path}
并已读回检查无误。</translation>
    </message>
    <message>
        <source>The {n} children in the list</source>
        <translation>列表中的 {n} 名儿童</translation>
    </message>
    <message>
        <source>Growth record</source>
        <translation>成长档案</translation>
    </message>
    <message>
        <source>Select a child in the list first, then press Growth record again.</source>
        <translation>请先在列表中选一个孩子，再点“成长档案”。</translation>
    </message>
</context>
<context>
    <name>RosterImport</name>
    <message>
        <source>Choose the class roster</source>
        <translation>选择班级花名册</translation>
    </message>
    <message>
        <source>Rosters (*.xlsx *.xlsm *.xls *.csv);;All files (*)</source>
        <translation>花名册 (*.xlsx *.xlsm *.xls *.csv);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>RosterImportDialog</name>
    <message>
        <source>Import a roster — {file}</source>
        <translation>导入花名册 — {file}</translation>
    </message>
    <message>
        <source>Reading {file}…</source>
        <translation>正在读取 {file}…</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Save the rejected rows to fix…</source>
        <translation>保存未导入的行，改正后再导入…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Import {n} children</source>
        <translation>导入 {n} 名儿童</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Save the rejected rows</source>
        <translation>保存未导入的行</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>Rejected rows saved</source>
        <translation>未导入的行已保存</translation>
    </message>
    <message>
        <source>The rejected rows were saved with the reason next to each one:
{path}

Correct them in Excel or WPS, save, and import that file again.</source>
        <translation>未导入的行已保存，每行旁边都注明了原因：
{path}

请在 Excel 或 WPS 中改正并保存，然后再导入这个文件。</translation>
    </message>
    <message>
        <source>Cancelled: nothing was imported.</source>
        <translation>已取消：没有导入任何内容。</translation>
    </message>
    <message>
        <source>Sheet {sheet}, row {row}, column {column}: {reason}</source>
        <translation>工作表 {sheet}，第 {row} 行，{column} 列：{reason}</translation>
    </message>
    <message>
        <source>{file}: nothing has been written yet.</source>
        <translation>{file}：目前还没有导入任何内容。</translation>
    </message>
    <message>
        <source>New children to add: {n}</source>
        <translation>将新增的儿童：{n} 名</translation>
    </message>
    <message>
        <source>Children already registered, to update: {n}</source>
        <translation>已登记、将更新的儿童：{n} 名</translation>
    </message>
    <message>
        <source>Children already registered, unchanged: {n}</source>
        <translation>已登记、没有变化的儿童：{n} 名</translation>
    </message>
    <message>
        <source>Rows repeating a child earlier in the file (skipped): {n}</source>
        <translation>与文件中前面的行是同一个孩子（跳过）：{n} 行</translation>
    </message>
    <message>
        <source>Rows that cannot be imported: {n} — see the list below.</source>
        <translation>无法导入的行：{n} 行，详见下方列表。</translation>
    </message>
    <message>
        <source>Cells that will be left blank: {n} — see the list below.</source>
        <translation>将留空的单元格：{n} 个，详见下方列表。</translation>
    </message>
    <message>
        <source>A backup is made before importing, and the import can be undone.</source>
        <translation>导入前会先备份，导入后也可以撤销。</translation>
    </message>
    <message>
        <source>There is nothing to import from this file.</source>
        <translation>这个文件中没有可以导入的内容。</translation>
    </message>
    <message>
        <source>Imported: {new} new children added, {updated} updated, {unchanged} unchanged.</source>
        <translation>导入完成：新增 {new} 名儿童，更新 {updated} 名，{unchanged} 名没有变化。</translation>
    </message>
    <message>
        <source>{n} rows were not imported: save them to fix, then import that file.</source>
        <translation>有 {n} 行未导入：请把这些行保存下来并改正，然后导入那个文件。</translation>
    </message>
</context>
<context>
    <name>SaveTemplateDialog</name>
    <message>
        <source>Save the plan as a template</source>
        <translation>把行事历另存为模板</translation>
    </message>
    <message>
        <source>e.g. our-school</source>
        <translation>例如 本校</translation>
    </message>
    <message>
        <source>e.g. 阳光小学行事历</source>
        <translation>例如 阳光小学行事历</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Save as template</source>
        <translation>另存为模板</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消（Esc）</translation>
    </message>
    <message>
        <source>The activities of {term} become the template's activities for this half of the school year; a template of the same name keeps its other half. Next year, plan the term from it.</source>
        <translation>{term} 学期的活动将成为模板中这半个学年的活动；如果已有同名模板，它另外半个学年的活动保持不变。明年可以用这个模板排期。</translation>
    </message>
</context>
<context>
    <name>SchoolChildrenDialog</name>
    <message>
        <source>Children of {school}</source>
        <translation>{school}的留守儿童</translation>
    </message>
    <message>
        <source>{count} children on the roll. The school keeps and edits their records.</source>
        <translation>在册 {count} 名儿童。档案由学校保管和修改。</translation>
    </message>
</context>
<context>
    <name>SchoolTab</name>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Family call phone (亲情电话)</source>
        <translation>亲情电话</translation>
    </message>
    <message>
        <source>Emergency numbers</source>
        <translation>紧急电话</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>SchoolYearDialog</name>
    <message>
        <source>Start a new school year</source>
        <translation>开始新学年</translation>
    </message>
    <message>
        <source>At the start of the school year in September, every class moves up one grade: the class keeps its children, class teacher and history, and only its name changes. The children of the top grade graduate: they stay in the archive but leave the lists of active children. Then the re-survey begins: each class teacher confirms that their children's records are still true.</source>
        <translation>每年九月新学年开始时，每个班级升一个年级：班里的儿童、班主任和以往记录都不变，只是班级名称改变。最高年级的儿童毕业：他们的档案仍然保留，但不再列入在校儿童名单。随后开始复查：每位班主任逐一确认本班儿童的档案信息仍然属实。</translation>
    </message>
    <message>
        <source>Grade 6 (primary school)</source>
        <translation>六年级（小学）</translation>
    </message>
    <message>
        <source>Grade 9 (nine-year school, 九年一贯制)</source>
        <translation>九年级（九年一贯制学校）</translation>
    </message>
    <message>
        <source>Grade 12 (with senior high school)</source>
        <translation>十二年级（含高中）</translation>
    </message>
    <message>
        <source>Top grade of this school</source>
        <translation>本校最高年级</translation>
    </message>
    <message>
        <source>A backup of all records is made first. If something looks wrong afterwards, the administrator can restore it under Settings, Backup and restore.</source>
        <translation>操作前会先备份全部档案。如果之后发现有问题，管理员可以在“设置”中的“备份与恢复”里恢复这份备份。</translation>
    </message>
    <message>
        <source>Start the new school year</source>
        <translation>开始新学年</translation>
    </message>
    <message>
        <source>{classes} classes ({children} children) move up one grade; {graduates} children in {graduating} classes graduate.</source>
        <translation>{classes} 个班级（{children} 名儿童）升一个年级；{graduating} 个班级的 {graduates} 名儿童毕业。</translation>
    </message>
    <message>
        <source>The last school year was started on {date}.</source>
        <translation>上次开始新学年是在 {date}。</translation>
    </message>
    <message>
        <source> and {count} more</source>
        <translation>，另有 {count} 名</translation>
    </message>
    <message>
        <source>{count} children have no class and stay as they are: {names}. Put them in a class on their record.</source>
        <translation>{count} 名儿童没有班级，保持不变：{names}。请在他们的档案中填写班级。</translation>
    </message>
    <message>
        <source>These classes do not say their class number and stay as they are: {names}. Rename them like 一年级1班 first.</source>
        <translation>以下班级的名称中没有班号，保持不变：{names}。请先按“一年级1班”这样的格式改名。</translation>
    </message>
    <message>
        <source>The old class {old} is no longer used; it is renamed {new}.</source>
        <translation>原来的班级 {old} 已不再使用，将改名为 {new}。</translation>
    </message>
    <message>
        <source>Start the new school year now? {classes} classes move up one grade and {graduates} children graduate. A backup is made first.</source>
        <translation>现在开始新学年吗？{classes} 个班级将升一个年级，{graduates} 名儿童将毕业。操作前会先备份。</translation>
    </message>
    <message>
        <source>The new school year has started</source>
        <translation>新学年已开始</translation>
    </message>
    <message>
        <source>{classes} classes ({children} children) moved up one grade and {graduates} children graduated. The re-survey has begun: {to_confirm} children's records are waiting to be confirmed. Each class teacher finds them in the re-survey checklist and confirms them one by one.</source>
        <translation>{classes} 个班级（{children} 名儿童）已升一个年级，{graduates} 名儿童已毕业。复查已经开始：有 {to_confirm} 名儿童的档案等待确认。请各位班主任在复查清单中找到本班儿童，逐一确认。</translation>
    </message>
</context>
<context>
    <name>SchoolsDialog</name>
    <message>
        <source>School code</source>
        <translation>学校代码</translation>
    </message>
    <message>
        <source>School name</source>
        <translation>学校名称</translation>
    </message>
    <message>
        <source>Expected children</source>
        <translation>应建档人数</translation>
    </message>
    <message>
        <source>Bundle received</source>
        <translation>已收到同步包</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>未收到</translation>
    </message>
    <message>
        <source>Schools of the township</source>
        <translation>乡镇各校情况</translation>
    </message>
    <message>
        <source>Leave empty if not known yet</source>
        <translation>暂不清楚可留空</translation>
    </message>
    <message>
        <source>School &amp;code:</source>
        <translation>学校代码(&amp;C)：</translation>
    </message>
    <message>
        <source>School &amp;name:</source>
        <translation>学校名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Expected left-behind children:</source>
        <translation>应建档留守儿童人数(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Save school</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;New school</source>
        <translation>新增学校(&amp;N)</translation>
    </message>
    <message>
        <source>Enter each school of the township with its school code and the number of left-behind children it should have registered (for 建档率). Choose a line to change it.</source>
        <translation>请逐一录入本乡镇的各所学校，填写学校代码和应建档的留守儿童人数（用于计算建档率）。选中某一行即可修改。</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Display</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Backup and restore</source>
        <translation>备份与恢复</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>隐私</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Set-up assistant</source>
        <translation>设置向导</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in — {name}</source>
        <translation>登录 — {name}</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Reset the administrator's password with the recovery code</source>
        <translation>用恢复码重设管理员密码</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Forgot your password? Ask the school administrator to reset it. The administrator can use the recovery code printed at set-up.</source>
        <translation>忘记密码？请找学校管理员重设。管理员忘记密码时，可以使用设置时抄下的恢复码。</translation>
    </message>
    <message>
        <source>Write down the new recovery code</source>
        <translation>请抄下新的恢复码</translation>
    </message>
    <message>
        <source>The administrator's password was reset. The old recovery code no longer works; the new one is:

{code}

Write it down and keep it locked away.</source>
        <translation>管理员密码已重设。旧的恢复码已作废，新的恢复码是：

{code}

请抄下来并锁好保管。</translation>
    </message>
</context>
<context>
    <name>StatisticsPage</name>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>在册</translation>
    </message>
    <message>
        <source>Activities
held / planned</source>
        <translation>活动
已开展/计划</translation>
    </message>
    <message>
        <source>Children who
took part</source>
        <translation>覆盖
儿童</translation>
    </message>
    <message>
        <source>Parent calls
{month}</source>
        <translation>与父母通话
{month}</translation>
    </message>
    <message>
        <source>Calls
{month}</source>
        <translation>通话
{month}</translation>
    </message>
    <message>
        <source>Home
visits</source>
        <translation>家访</translation>
    </message>
    <message>
        <source>Guardians at
a meeting</source>
        <translation>监护人会
出席</translation>
    </message>
    <message>
        <source>Talks
{month}</source>
        <translation>谈心
{month}</translation>
    </message>
    <message>
        <source>Activities and family contact by class</source>
        <translation>各班活动与亲情联系情况</translation>
    </message>
    <message>
        <source>Term:</source>
        <translation>学期：</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出到 Excel…</translation>
    </message>
    <message>
        <source>Children: the class's children on the roll now.
Activities: this term's activities for the class (the whole school, its grade, the class, or some of its children) already held, out of those planned; cancelled ones are left out.
Children who took part: children marked present at one or more activities held this term.
Parent calls: children who talked with their father or mother (by phone or video) in that month; calls with grandparents and others do not count.
Home visits: children whose home was visited this term.
Guardians at a meeting: children whose guardian came to a guardian meeting held this term.
Talks: children who had their talk (谈心) in that month.
The last line adds up the classes; its activities count each activity once.</source>
        <translation>在册：本班现在在册的儿童人数。
活动：本学期面向本班的活动（全校、本年级、本班或本班部分儿童）中已开展的项数 / 计划的项数；已取消的不算。
覆盖儿童：本学期至少在一次已开展的活动中登记为到场的儿童人数。
与父母通话：当月和父亲或母亲通过电话或视频的儿童人数；和祖辈或其他人通话不算。
家访：本学期已家访的儿童人数。
监护人会出席：本学期监护人参加过已开展的监护人会的儿童人数。
谈心：当月已完成谈心的儿童人数。
最后一行是各班合计；其中的活动每项只算一次。</translation>
    </message>
    <message>
        <source>No term yet. Enter the term's first and last days in the school calendar (校历, on the Talks page) first.</source>
        <translation>还没有学期。请先在校历（在“谈心”页）中录入学期的开始和结束日期。</translation>
    </message>
    <message>
        <source>This term has not begun yet: there is nothing to count so far.</source>
        <translation>本学期还没开始，暂时没有可统计的内容。</translation>
    </message>
    <message>
        <source>Save the term's figures as an Excel file</source>
        <translation>把本学期统计数字保存为 Excel 文件</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <source>The figures of term {term} were saved in:
{path}</source>
        <translation>{term} 学期的统计数字已保存到：
{path}</translation>
    </message>
</context>
<context>
    <name>StatusDialog</name>
    <message>
        <source>Change status</source>
        <translation>更改状态</translation>
    </message>
    <message>
        <source>New status</source>
        <translation>新状态</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>StickImportDialog</name>
    <message>
        <source>Take in the schools' USB sticks</source>
        <translation>依次导入 U 盘</translation>
    </message>
    <message>
        <source>Plug in a school's USB stick, choose it and click “Take in this stick”: every sync bundle on it is checked and imported. Then plug in the next stick.</source>
        <translation>插上一所学校的 U 盘，选中它，点“导入此 U 盘”：U 盘上的每个同步包都会检查并导入。然后插下一个 U 盘。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Other folder…</source>
        <translation>其他文件夹…</translation>
    </message>
    <message>
        <source>Take in this stick</source>
        <translation>导入此 U 盘</translation>
    </message>
    <message>
        <source>Next stick</source>
        <translation>下一个 U 盘</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>USB stick:</source>
        <translation>U 盘：</translation>
    </message>
    <message>
        <source>No USB stick was found. Plug one in and click “Refresh”, or choose “Other folder…”.</source>
        <translation>没有找到 U 盘。请插上 U 盘后点“刷新”，或点“其他文件夹…”。</translation>
    </message>
    <message>
        <source>The folder with the sync bundles</source>
        <translation>同步包所在的文件夹</translation>
    </message>
    <message>
        <source>There is no sync bundle (.lsb file) on {folder}.</source>
        <translation>{folder} 上没有同步包（.lsb 文件）。</translation>
    </message>
    <message>
        <source>Checking and importing {n} files…</source>
        <translation>正在检查并导入 {n} 个文件……</translation>
    </message>
    <message>
        <source>Stick {n} done: {merged} bundles taken in, {refused} refused. Pull it out, plug in the next one and click “Next stick” — or “Finish”.</source>
        <translation>第 {n} 个 U 盘已完成：导入 {merged} 个同步包，拒收 {refused} 个。请拔出，插上下一个后点“下一个 U 盘”，或点“完成”。</translation>
    </message>
    <message>
        <source>{n} files on it were written by this computer (for the schools) and were left as they are.</source>
        <translation>U 盘上另有 {n} 个文件是本机写给各校的，已原样保留。</translation>
    </message>
    <message>
        <source>Sticks taken in: {sticks}. Bundles merged: {merged}; already imported before: {already}; refused: {refused}.</source>
        <translation>已导入 U 盘 {sticks} 个。合并同步包 {merged} 个；以前已导入 {already} 个；拒收 {refused} 个。</translation>
    </message>
    <message>
        <source>Refused, nothing of it was written — {file}: {why}</source>
        <translation>已拒收，未写入任何内容 — {file}：{why}</translation>
    </message>
    <message>
        <source>Please wait until this stick is taken in.</source>
        <translation>请等这个 U 盘导入完毕。</translation>
    </message>
</context>
<context>
    <name>SyncExport</name>
    <message>
        <source>USB stick</source>
        <translation>U 盘</translation>
    </message>
    <message>
        <source>{label} — {free} GB free</source>
        <translation>{label} — 可用 {free} GB</translation>
    </message>
    <message>
        <source>{label} ({path}) — {free} GB free</source>
        <translation>{label}（{path}）— 可用 {free} GB</translation>
    </message>
</context>
<context>
    <name>SyncImport</name>
    <message>
        <source>not a sync bundle</source>
        <translation>不是同步包</translation>
    </message>
    <message>
        <source>incomplete (cut off)</source>
        <translation>文件不完整（被截断）</translation>
    </message>
    <message>
        <source>changed or damaged</source>
        <translation>被改动或损坏</translation>
    </message>
    <message>
        <source>made for someone else</source>
        <translation>不是发给本机的</translation>
    </message>
    <message>
        <source>sender not paired</source>
        <translation>发送方未配对</translation>
    </message>
    <message>
        <source>new key, accept it first</source>
        <translation>对方换了密钥，需先接受</translation>
    </message>
    <message>
        <source>needs a newer program</source>
        <translation>需要升级程序</translation>
    </message>
    <message>
        <source>could not be read</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Bundles</source>
        <translation>同步包</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Had already</source>
        <translation>已导入过</translation>
    </message>
    <message>
        <source>Refused (why)</source>
        <translation>拒收（原因）</translation>
    </message>
    <message>
        <source>Choose the sync bundle</source>
        <translation>选择同步包</translation>
    </message>
    <message>
        <source>Sync bundles (*.lsb);;All files (*)</source>
        <translation>同步包 (*.lsb);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Written or taken in</source>
        <translation>写出/导入</translation>
    </message>
    <message>
        <source>With</source>
        <translation>对方</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>记录数</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>写出</translation>
    </message>
    <message>
        <source>Taken in</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Already imported</source>
        <translation>已导入过</translation>
    </message>
    <message>
        <source>Written and checked</source>
        <translation>已写入并核对</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>已合并</translation>
    </message>
    <message>
        <source>Sync (同步)</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>The schools bring their sync bundles on USB sticks. Take them in one stick after another; the summary shows what came from each school.</source>
        <translation>各校用 U 盘送来同步包。请一个接一个地导入，汇总表列出每所学校送来的内容。</translation>
    </message>
    <message>
        <source>Once a month, put this school's sync bundle on a USB stick for the township. The file is encrypted: only the township can read it.</source>
        <translation>每月一次，把本校的同步包写到 U 盘上交给乡镇。文件已加密，只有乡镇能打开。</translation>
    </message>
    <message>
        <source>Export the pairing file…</source>
        <translation>导出配对文件…</translation>
    </message>
    <message>
        <source>Import the pairing file…</source>
        <translation>导入配对文件…</translation>
    </message>
    <message>
        <source>Take in USB sticks one by one</source>
        <translation>依次导入 U 盘</translation>
    </message>
    <message>
        <source>Make the sync bundle</source>
        <translation>制作同步包</translation>
    </message>
    <message>
        <source>Write receipts and notices for the schools…</source>
        <translation>制作给各校的回执和通知…</translation>
    </message>
    <message>
        <source>Import the township's receipt and notices…</source>
        <translation>导入回执和通知…</translation>
    </message>
    <message>
        <source>Import one bundle file…</source>
        <translation>导入单个同步包…</translation>
    </message>
    <message>
        <source>Only the school's administrator makes and takes in sync bundles.</source>
        <translation>只有管理员可以制作和导入同步包。</translation>
    </message>
    <message>
        <source>Last bundles written and taken in:</source>
        <translation>最近写出和导入的同步包：</translation>
    </message>
    <message>
        <source>Conflicts ({n})</source>
        <translation>冲突记录（{n}）</translation>
    </message>
    <message>
        <source>This township's fingerprint: {fingerprint}. Schools paired: {paired} of {n}. A school pairs by importing the township's pairing file.</source>
        <translation>本乡镇的密钥指纹：{fingerprint}。已配对学校：{paired}/{n}。学校导入乡镇的配对文件即完成配对。</translation>
    </message>
    <message>
        <source>Paired with the township {name} ({code}). Its fingerprint: {fingerprint}. This school's own fingerprint (read it out when the township asks): {own}.</source>
        <translation>已与乡镇 {name}（{code}）配对。乡镇的指纹：{fingerprint}。本校自己的指纹（乡镇来电核对时请念给对方听）：{own}。</translation>
    </message>
    <message>
        <source>Not paired with the township yet. Plug in the USB stick with the township's pairing file and click “Import the pairing file…”.</source>
        <translation>还没有与乡镇配对。请插上存有乡镇配对文件的 U 盘，点“导入配对文件…”。</translation>
    </message>
    <message>
        <source>{name} ({code}) sends with a new key (a new or reinstalled computer?). Its bundles are refused until you accept it. Old fingerprint: {old}; new fingerprint: {new}. Phone {name} and compare before accepting.</source>
        <translation>{name}（{code}）换了新密钥（换了电脑或重装了系统？）。接受之前，它的同步包一律拒收。原指纹：{old}；新指纹：{new}。请先给{name}打电话核对指纹，再接受。</translation>
    </message>
    <message>
        <source>Accept the new key…</source>
        <translation>接受新密钥…</translation>
    </message>
</context>
<context>
    <name>SyncPairing</name>
    <message>
        <source>Choose the township's pairing file</source>
        <translation>选择乡镇的配对文件</translation>
    </message>
    <message>
        <source>Pairing files (*.json);;All files (*)</source>
        <translation>配对文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Paired</source>
        <translation>配对成功</translation>
    </message>
    <message>
        <source>This school is now paired with {name} ({code}).
Fingerprint: {fingerprint}

Phone the township and compare the fingerprint: it must be the same.</source>
        <translation>本校已与 {name}（{code}）配对。
密钥指纹：{fingerprint}

请给乡镇打电话核对指纹，两边必须一致。</translation>
    </message>
    <message>
        <source>Save the pairing file for the schools</source>
        <translation>保存给各校的配对文件</translation>
    </message>
    <message>
        <source>Pairing files (*.json)</source>
        <translation>配对文件 (*.json)</translation>
    </message>
    <message>
        <source>Pairing file written</source>
        <translation>配对文件已写好</translation>
    </message>
    <message>
        <source>The pairing file was written to
{path}

Each school imports it once (Sync page, “Import the pairing file…”). Fingerprint: {fingerprint}</source>
        <translation>配对文件已写到
{path}

每所学校导入一次即可（同步页“导入配对文件…”）。密钥指纹：{fingerprint}</translation>
    </message>
    <message>
        <source>Accept the new key?</source>
        <translation>接受新密钥？</translation>
    </message>
    <message>
        <source>{name} ({code}) now sends with a new key.
Old fingerprint: {old}
New fingerprint: {new}

Phone {name} and have them read their fingerprint (on their Sync page). Accept only if it is the new one.</source>
        <translation>{name}（{code}）现在用新密钥发送。
原指纹：{old}
新指纹：{new}

请给{name}打电话，请对方念出同步页上的指纹，与新指纹一致才接受。</translation>
    </message>
</context>
<context>
    <name>TalkActions</name>
    <message>
        <source>Move to another day…</source>
        <translation>改到另一天…</translation>
    </message>
    <message>
        <source>Swap days with…</source>
        <translation>与…互换日期</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>儿童</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Mentor</source>
        <translation>帮扶教师</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>需要关注</translation>
    </message>
    <message>
        <source>Opened on</source>
        <translation>开始关注</translation>
    </message>
    <message>
        <source>Follow-ups</source>
        <translation>跟进次数</translation>
    </message>
    <message>
        <source>Last follow-up</source>
        <translation>最近跟进</translation>
    </message>
    <message>
        <source>Save the month's talks as an Excel file</source>
        <translation>把本月谈心记录保存为 Excel 文件</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>The talk records and figures of {month} were saved in:
{path}</source>
        <translation>{month}的谈心记录和完成情况已保存到：
{path}</translation>
    </message>
    <message>
        <source>The talk figures of {month} were saved in:
{path}</source>
        <translation>{month}的谈心完成情况已保存到：
{path}</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
</context>
<context>
    <name>TalkEntryDialog</name>
    <message>
        <source>Correct a talk record</source>
        <translation>更正谈心记录</translation>
    </message>
    <message>
        <source>Type in talk record cards</source>
        <translation>录入谈心记录卡</translation>
    </message>
    <message>
        <source>e.g. 2026-11-05</source>
        <translation>例如 2026-11-05</translation>
    </message>
    <message>
        <source>optional, e.g. 2026-12-01</source>
        <translation>可不填，例如 2026-12-01</translation>
    </message>
    <message>
        <source>Date of the talk</source>
        <translation>谈心日期</translation>
    </message>
    <message>
        <source>Form (1–4)</source>
        <translation>谈心形式（1–4）</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>谈心主题</translation>
    </message>
    <message>
        <source>How the child is doing</source>
        <translation>孩子近况</translation>
    </message>
    <message>
        <source>Problems found</source>
        <translation>发现的问题</translation>
    </message>
    <message>
        <source>Measures taken</source>
        <translation>采取的措施</translation>
    </message>
    <message>
        <source>Follow up on</source>
        <translation>跟进日期</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>需要关注</translation>
    </message>
    <message>
        <source>Save and next (Ctrl+Enter)</source>
        <translation>保存并下一张（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Skip this child</source>
        <translation>跳过这个孩子</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Save the correction (Ctrl+Enter)</source>
        <translation>保存更正（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Close without saving (Esc)</source>
        <translation>不保存，关闭（Esc）</translation>
    </message>
    <message>
        <source>Every child in the list has a record.</source>
        <translation>列表中的每个儿童都已有谈心记录。</translation>
    </message>
    <message>
        <source>Card {n} of {total}</source>
        <translation>第 {n} 张 / 共 {total} 张</translation>
    </message>
    <message>
        <source>Correcting the record</source>
        <translation>正在更正记录</translation>
    </message>
</context>
<context>
    <name>TalksPage</name>
    <message>
        <source>Child</source>
        <translation>儿童</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Mentor</source>
        <translation>帮扶教师</translation>
    </message>
    <message>
        <source>Planned for</source>
        <translation>排定日期</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Held on</source>
        <translation>谈心日期</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Not planned</source>
        <translation>未排期</translation>
    </message>
    <message>
        <source>◀ Previous month</source>
        <translation>◀ 上个月</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Next month ▶</source>
        <translation>下个月 ▶</translation>
    </message>
    <message>
        <source>Plan this month</source>
        <translation>安排本月谈心</translation>
    </message>
    <message>
        <source>Give every child without a talk this month a day with their mentor</source>
        <translation>为本月还没有谈心安排的每个儿童，与其帮扶教师排定一天</translation>
    </message>
    <message>
        <source>Type in record cards…</source>
        <translation>录入谈心记录卡…</translation>
    </message>
    <message>
        <source>Mentors…</source>
        <translation>结对帮扶…</translation>
    </message>
    <message>
        <source>Which teacher mentors which child (结对帮扶)</source>
        <translation>哪位老师帮扶哪个孩子（结对帮扶）</translation>
    </message>
    <message>
        <source>School calendar…</source>
        <translation>校历…</translation>
    </message>
    <message>
        <source>Terms, holidays and the school's own days off</source>
        <translation>学期、节假日和学校自定的放假日</translation>
    </message>
    <message>
        <source>Concerns…</source>
        <translation>需要关注…</translation>
    </message>
    <message>
        <source>Children with an individual plan (个别教育管理方案) and their follow-ups</source>
        <translation>有个别教育管理方案的儿童及其跟进情况</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出到 Excel…</translation>
    </message>
    <message>
        <source>This month's list</source>
        <translation>本月名单</translation>
    </message>
    <message>
        <source>Completion by class</source>
        <translation>各班完成情况</translation>
    </message>
    <message>
        <source>By mentor</source>
        <translation>每位帮扶教师</translation>
    </message>
    <message>
        <source>Talks of {month}</source>
        <translation>{month}谈心</translation>
    </message>
    <message>
        <source>Children: {children}   Held: {done}   Planned: {planned}   Late: {overdue}   Completion: {rate}%</source>
        <translation>儿童：{children}　已谈：{done}　已排期：{planned}　逾期：{overdue}　谈心完成率：{rate}%</translation>
    </message>
    <message>
        <source>This month has no school days, and the school plans no talks in it.</source>
        <translation>本月没有上学日，学校设定本月不安排谈心。</translation>
    </message>
    <message>
        <source>{planned} talks were planned; {kept} children already had one this month.</source>
        <translation>已安排 {planned} 次谈心；另有 {kept} 名儿童本月已有安排。</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>儿童数</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>已谈</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>已排期</translation>
    </message>
    <message>
        <source>Completion rate</source>
        <translation>谈心完成率</translation>
    </message>
</context>
<context>
    <name>TargetChooser</name>
    <message>
        <source>Every child of the school.</source>
        <translation>全校所有儿童。</translation>
    </message>
    <message>
        <source>Type a name, its pinyin initials or a class</source>
        <translation>输入姓名、拼音首字母或班级</translation>
    </message>
</context>
<context>
    <name>TeachersChooser</name>
    <message>
        <source>Share the children evenly</source>
        <translation>平均分配儿童</translation>
    </message>
    <message>
        <source>Tick the teachers who will be mentors. All the children are shared among them so that each has about the same number; children keep their mentor where they can. Teachers not ticked will have no children.</source>
        <translation>请勾选担任帮扶教师的老师。所有儿童将平均分给他们，尽量保留孩子原来的帮扶教师。没有勾选的老师将不再帮扶儿童。</translation>
    </message>
</context>
<context>
    <name>TermForm</name>
    <message>
        <source>Name: the school year's two years, then 1 for the autumn term or 2 for the spring term, like 2026-2027-1. Days: type them like 2026-09-01. A term of the same name gets the new dates. The days between two terms count as the winter or summer holiday.</source>
        <translation>名称：学年的两个年份，再加 1（秋季学期）或 2（春季学期），例如 2026-2027-1。日期：按 2026-09-01 的格式填写。同名学期会改用新的日期。两个学期之间的日子算作寒假或暑假。</translation>
    </message>
    <message>
        <source>Add or change a term</source>
        <translation>添加或修改学期</translation>
    </message>
    <message>
        <source>Term name</source>
        <translation>学期名称</translation>
    </message>
    <message>
        <source>First school day</source>
        <translation>开学日期</translation>
    </message>
    <message>
        <source>Last school day</source>
        <translation>学期最后一天</translation>
    </message>
    <message>
        <source>A day cannot be read: type the first and the last day like 2026-09-01.</source>
        <translation>日期无法识别：请按 2026-09-01 的格式填写开始和结束日期。</translation>
    </message>
</context>
<context>
    <name>TermsModel</name>
    <message>
        <source>Term</source>
        <translation>学期</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>结束日期</translation>
    </message>
</context>
<context>
    <name>TownshipPage</name>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Last bundle</source>
        <translation>最近同步</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>应建档</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>已建档</translation>
    </message>
    <message>
        <source>Registration
rate</source>
        <translation>建档率</translation>
    </message>
    <message>
        <source>Talks this month
done / due</source>
        <translation>本月谈心
已谈 / 应谈</translation>
    </message>
    <message>
        <source>Overdue
talks</source>
        <translation>逾期
未谈</translation>
    </message>
    <message>
        <source>Open
concerns</source>
        <translation>未结
关注</translation>
    </message>
    <message>
        <source>Parent calls
this month</source>
        <translation>本月
亲情联系</translation>
    </message>
    <message>
        <source>Home visits
this term</source>
        <translation>本学期
家访</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>未收到</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Guardian</source>
        <translation>监护人</translation>
    </message>
    <message>
        <source>Guardian's phone</source>
        <translation>监护人电话</translation>
    </message>
    <message>
        <source>Schools of the township</source>
        <translation>乡镇各校情况</translation>
    </message>
    <message>
        <source>&amp;Import sync bundles…</source>
        <translation>导入同步包(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Schools…</source>
        <translation>学校管理(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Notices and templates…</source>
        <translation>通知与模板(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Export summary…</source>
        <translation>导出汇总表(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Print summary…</source>
        <translation>打印汇总表(&amp;P)…</translation>
    </message>
    <message>
        <source>Registered: the school's left-behind children on the roll; the rate is out of the expected number you entered for the school.
Talks: children who had their talk (谈心) this month, out of all children; overdue: planned talks of this month whose day has passed.
Parent calls: children who talked with their father or mother this month. Home visits: children visited at home this term.
The figures are those of the last bundle each school sent. Double-click a school to see its children.</source>
        <translation>已建档：学校在册的留守儿童人数；建档率按你为该校填写的应建档人数计算。
谈心：本月已谈心的儿童人数 / 全部儿童人数；逾期未谈：本月已排期、日期已过但还没有谈的次数。
亲情联系：本月与父亲或母亲联系过的儿童人数。家访：本学期接受过家访的儿童人数。
以上数字来自各校最近发来的同步包。双击某所学校可查看该校的儿童。</translation>
    </message>
    <message>
        <source>Figures on {day}</source>
        <translation>统计日期：{day}</translation>
    </message>
    <message>
        <source>No school yet. Enter the schools with “Schools…”, or import the bundles the schools sent on a USB stick.</source>
        <translation>还没有学校。请用“学校管理…”录入各所学校，或导入各校用 U 盘送来的同步包。</translation>
    </message>
    <message>
        <source>Save the summary workbook</source>
        <translation>保存汇总表</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Summary saved</source>
        <translation>汇总表已保存</translation>
    </message>
    <message>
        <source>The summary workbook was saved as {path}.</source>
        <translation>汇总表已保存为 {path}。</translation>
    </message>
    <message>
        <source>Summary printed</source>
        <translation>汇总表已生成</translation>
    </message>
    <message>
        <source>The summary table was saved as {path}: open it to print it.</source>
        <translation>汇总表已保存为 {path}，请打开该文件进行打印。</translation>
    </message>
</context>
<context>
    <name>UserError</name>
    <message>
        <source>The disk that holds the data folder ({path}) is full, so nothing was saved. Free some space on this computer (delete old files you no longer need or empty the Recycle Bin), then try again.</source>
        <translation>存放数据文件夹（{path}）的磁盘已满，这次的内容没有保存。请在这台电脑上腾出空间（删除不再需要的旧文件或清空回收站），然后再试一次。</translation>
    </message>
    <message>
        <source>The data folder ({path}) cannot be written to, so nothing was saved. If it is on a USB stick, make sure the stick is not write-protected; otherwise ask the township's IT helper to give your Windows account permission to change the folder. Then try again.</source>
        <translation>数据文件夹（{path}）无法写入，这次的内容没有保存。如果它在 U 盘上，请确认 U 盘没有写保护；否则请乡镇的信息技术人员给你的 Windows 账户修改该文件夹的权限。然后再试一次。</translation>
    </message>
    <message>
        <source>The computer could not read or write the data folder ({path}), so nothing was saved. If it is on a USB stick or another removable disk, make sure it is plugged in; then close the program, open it again and try again. If this keeps happening, ask the township's IT helper to check the disk.</source>
        <translation>电脑无法读写数据文件夹（{path}），这次的内容没有保存。如果它在 U 盘或移动硬盘上，请确认已插好；然后关闭程序、重新打开再试。如果一直这样，请乡镇的信息技术人员检查磁盘。</translation>
    </message>
    <message>
        <source>The database file is damaged ({problem}). Nothing more will be written to it. The newest good backup is: {backup}. Restore it, or ask the township's IT helper.</source>
        <translation>数据库文件已损坏（{problem}），程序不会再向它写入。最近一份完好的备份是：{backup}。请恢复这份备份，或请乡镇的信息技术人员帮忙。</translation>
    </message>
    <message>
        <source>This data was saved by a newer version of the program (schema {revision}). Please install the newest version of liushou-desktop, then open it again.</source>
        <translation>这些数据是由更新版本的程序保存的（数据结构 {revision}）。请安装最新版本的留守儿童关爱平台后再打开。</translation>
    </message>
    <message>
        <source>Wrong user name or password. Check the keyboard's Caps Lock and input method, and try again.</source>
        <translation>用户名或密码不对。请检查键盘的大写锁定和输入法，然后再试一次。</translation>
    </message>
    <message>
        <source>This account is locked for {minutes} more minutes after too many wrong passwords. Wait, or ask the administrator to unlock it.</source>
        <translation>密码错误次数太多，这个账号被锁定，还要等 {minutes} 分钟。请稍候，或请管理员解锁。</translation>
    </message>
    <message>
        <source>The current password is not right.</source>
        <translation>当前密码不对。</translation>
    </message>
    <message>
        <source>The user name “{name}” is taken: choose another one.</source>
        <translation>用户名“{name}”已被使用，请换一个。</translation>
    </message>
    <message>
        <source>This is the last administrator account, so it cannot be disabled. Create another administrator first.</source>
        <translation>这是最后一个管理员账号，不能停用。请先新建另一个管理员。</translation>
    </message>
    <message>
        <source>There is no administrator account.</source>
        <translation>没有管理员账号。</translation>
    </message>
    <message>
        <source>The recovery code is not right. Type it exactly as it was written down at set-up (dashes and capitals do not matter).</source>
        <translation>恢复码不对。请按设置时抄下的恢复码准确输入（短横线和大小写不影响）。</translation>
    </message>
    <message>
        <source>There is no account “{name}”.</source>
        <translation>没有“{name}”这个账号。</translation>
    </message>
    <message>
        <source>This role cannot be given here: {role}.</source>
        <translation>这里不能设置这个角色：{role}。</translation>
    </message>
    <message>
        <source>Choose a number of children from 0 to {max}.</source>
        <translation>请填写 0 到 {max} 之间的儿童人数。</translation>
    </message>
    <message>
        <source>Demo children can only be added at a school, not at a township.</source>
        <translation>只能在学校添加演示儿童，乡镇不可以。</translation>
    </message>
    <message>
        <source>“{phone}” is not a phone number: use digits only, e.g. 13812345678.</source>
        <translation>“{phone}”不是电话号码：请只填数字，例如 13812345678。</translation>
    </message>
    <message>
        <source>“{phone}” is not a valid phone number: a mobile has 11 digits (13812345678), a landline needs its area code (0566-8125908).</source>
        <translation>“{phone}”不是有效的电话号码：手机号是 11 位数字（13812345678），座机要带区号（0566-8125908）。</translation>
    </message>
    <message>
        <source>The password is too short: use at least {n} characters.</source>
        <translation>密码太短：请至少使用 {n} 位。</translation>
    </message>
    <message>
        <source>Unknown role “{role}”: choose school or township.</source>
        <translation>未知的单位类型“{role}”：请选择学校或乡镇。</translation>
    </message>
    <message>
        <source>Please enter a name of 1 to 100 characters.</source>
        <translation>请填写名称（1 到 100 个字）。</translation>
    </message>
    <message>
        <source>The code “{code}” cannot be used: use 2 to 32 letters or digits (for a school, its 10-digit school code).</source>
        <translation>代码“{code}”不能使用：请填写 2 到 32 位字母或数字（学校请填 10 位学校标识码）。</translation>
    </message>
    <message>
        <source>The user name “{name}” cannot be used: use 2 to 32 letters, digits or Chinese characters, without spaces.</source>
        <translation>用户名“{name}”不能使用：请用 2 到 32 个字母、数字或汉字，不要有空格。</translation>
    </message>
    <message>
        <source>This data folder is not set up yet: run “liushou-desktop init” or start the program to use the set-up assistant.</source>
        <translation>这个数据文件夹还没有设置：请运行“liushou-desktop init”，或启动程序使用设置向导。</translation>
    </message>
    <message>
        <source>This data folder is already set up. To start again, choose an empty data folder with --data-dir.</source>
        <translation>这个数据文件夹已经设置过了。如需重新开始，请用 --data-dir 选择一个空的数据文件夹。</translation>
    </message>
    <message>
        <source>Cannot read the file {path}: {reason}</source>
        <translation>无法读取文件 {path}：{reason}</translation>
    </message>
    <message>
        <source>The file {path} is empty.</source>
        <translation>文件 {path} 是空的。</translation>
    </message>
    <message>
        <source>This file is not a backup made by this program: {path}. Choose a backup file, whose name ends in .lsbak.</source>
        <translation>这个文件不是本程序制作的备份：{path}。请选择文件名以 .lsbak 结尾的备份文件。</translation>
    </message>
    <message>
        <source>This backup was made by a newer version of the program (backup format {version}): {path}. Update the program on this computer, then open the backup again.</source>
        <translation>这份备份是由更新版本的程序制作的（备份格式 {version}）：{path}。请先更新这台电脑上的程序，再打开这份备份。</translation>
    </message>
    <message>
        <source>This backup file is incomplete (it was cut off, perhaps the USB stick was pulled out too early): {path}. Use another backup.</source>
        <translation>这份备份文件不完整（可能 U 盘拔出得太早）：{path}。请使用另一份备份。</translation>
    </message>
    <message>
        <source>This backup file was changed or is damaged, so it cannot be used: {path}. Use another backup.</source>
        <translation>这份备份文件被改动过或已损坏，不能使用：{path}。请使用另一份备份。</translation>
    </message>
    <message>
        <source>The passphrase is wrong, or the backup file was changed. Type the passphrase again, exactly as it was set when the backup was made.</source>
        <translation>备份密码不对，或备份文件被改动过。请按制作备份时设置的密码准确地重新输入。</translation>
    </message>
    <message>
        <source>This backup is encrypted: enter the passphrase that was set when it was made.</source>
        <translation>这份备份已加密：请输入制作备份时设置的密码。</translation>
    </message>
    <message>
        <source>The backup file cannot be read ({problem}): {path}. Check that the USB stick is plugged in, or copy the file to this computer first.</source>
        <translation>无法读取备份文件（{problem}）：{path}。请确认 U 盘已插好，或先把文件复制到这台电脑上。</translation>
    </message>
    <message>
        <source>The backup could not be written to {folder} ({problem}). Check that the USB stick is plugged in, not write-protected and has free space, or choose another folder.</source>
        <translation>备份无法写入 {folder}（{problem}）。请确认 U 盘已插好、没有写保护并且有剩余空间，或选择别的文件夹。</translation>
    </message>
    <message>
        <source>The backup written to {folder} did not read back correctly, so it was deleted. The USB stick may be faulty: try again, or use another USB stick or folder.</source>
        <translation>写入 {folder} 的备份读回检查时出错，已被删除。U 盘可能有问题：请再试一次，或换一个 U 盘或文件夹。</translation>
    </message>
    <message>
        <source>The database is damaged ({problem}), so no backup was made. Ask the township's IT helper.</source>
        <translation>数据库已损坏（{problem}），没有制作备份。请找乡镇的信息技术人员。</translation>
    </message>
    <message>
        <source>This backup was made by a newer version of the program. Please install the newest version, then restore it.</source>
        <translation>这份备份是由更新版本的程序制作的。请先安装最新版本，再恢复它。</translation>
    </message>
    <message>
        <source>This child's record is not open to your account (it belongs to another class or mentor), or it was removed.</source>
        <translation>你的账号不能查看这个孩子的档案（属于别的班级或帮扶教师），或档案已被删除。</translation>
    </message>
    <message>
        <source>A guardian's name or a note is too long: keep names under {name} and notes under {note} characters.</source>
        <translation>监护人姓名或备注太长：姓名请少于 {name} 个字，备注请少于 {note} 个字。</translation>
    </message>
    <message>
        <source>This activity was cancelled: nobody can attend it. If it was held after all, record it as held first.</source>
        <translation>这项活动已取消，不能登记到场。如果活动其实开展了，请先把它记录为已开展。</translation>
    </message>
    <message>
        <source>This activity is no longer in the plan: it may have been deleted.</source>
        <translation>这项活动已不在行事历中：可能已被删除。</translation>
    </message>
    <message>
        <source>There is no term {name} in the school calendar: enter the term in the school calendar (校历) first.</source>
        <translation>校历中没有 {name} 学期：请先在校历中录入这个学期。</translation>
    </message>
    <message>
        <source>A class teacher plans activities for their own classes only: choose “Classes” and your own classes, or ask the school administrator.</source>
        <translation>班主任只能为自己的班级安排活动：请选择“班级”并勾选自己的班级，或请学校管理员安排。</translation>
    </message>
    <message>
        <source>A class you chose no longer exists: choose the classes again.</source>
        <translation>选择的某个班级已不存在：请重新选择班级。</translation>
    </message>
    <message>
        <source>The day {day} is in the future: enter the day the activity was held.</source>
        <translation>{day} 还没到：请填写活动实际开展的日期。</translation>
    </message>
    <message>
        <source>The day {day} is more than a year ago: check the year.</source>
        <translation>{day} 已是一年多以前：请检查年份。</translation>
    </message>
    <message>
        <source>Your account may not do this ({action}). If you need it, ask the school administrator.</source>
        <translation>你的账号没有这项权限（{action}）。如有需要，请找学校管理员。</translation>
    </message>
    <message>
        <source>The file {path} could not be read back correctly, so it was deleted. Try another folder or USB stick.</source>
        <translation>文件 {path} 读回检查时出错，已被删除。请换一个文件夹或 U 盘再试。</translation>
    </message>
    <message>
        <source>The date “{value}” has no day: type the full date, like 2015.3.12.</source>
        <translation>日期“{value}”没有日：请填写完整日期，例如 2015.3.12。</translation>
    </message>
    <message>
        <source>The date “{value}” was stored in the spreadsheet as a number, so a month like 10 may have become 1: format the column as text and type the date again.</source>
        <translation>日期“{value}”在表格里被存成了数字，像 10 月这样的月份可能变成了 1 月：请把这一列设置为“文本”格式，再重新输入日期。</translation>
    </message>
    <message>
        <source>The date “{value}” does not exist: check the day and the month.</source>
        <translation>日期“{value}”不存在：请检查月和日。</translation>
    </message>
    <message>
        <source>The year of the date “{value}” must be between 1900 and 2100: check the year.</source>
        <translation>日期“{value}”的年份应在 1900 到 2100 之间：请检查年份。</translation>
    </message>
    <message>
        <source>The date is missing: type it like 2015.3.12.</source>
        <translation>日期是空的：请按 2015.3.12 这样填写。</translation>
    </message>
    <message>
        <source>The date “{value}” cannot be read: type it like 2015.3.12, or 2015.3 for a month.</source>
        <translation>看不懂日期“{value}”：请按 2015.3.12 这样填写，只填年月时写 2015.3。</translation>
    </message>
    <message>
        <source>The date “{value}” cannot be read: type it like 2015.3.12.</source>
        <translation>看不懂日期“{value}”：请按 2015.3.12 这样填写。</translation>
    </message>
    <message>
        <source>The ID number {value} was stored in the spreadsheet as a number, and Excel keeps only 15 digits of a number, so its last digits may be wrong: format the ID number column as text and type the number again from the card.</source>
        <translation>身份证号 {value} 在表格里被存成了数字，Excel 只保留数字的 15 位，后几位可能已经错了：请把身份证号这一列设置为“文本”格式，再照证件重新输入。</translation>
    </message>
    <message>
        <source>The ID number {number} has a wrong last digit (check digit): check each digit against the card.</source>
        <translation>身份证号 {number} 的最后一位（校验位）不对：请对照证件逐位检查。</translation>
    </message>
    <message>
        <source>Both the sex and the birth date differ from the ID number {number} (born {id_birth}): check that this is the person's own ID number.</source>
        <translation>性别和出生日期都与身份证号 {number}（出生于 {id_birth}）不符：请确认这是本人的身份证号。</translation>
    </message>
    <message>
        <source>The birth date {birth} differs from the one in the ID number {number} ({id_birth}): correct the birth date or the ID number.</source>
        <translation>出生日期 {birth} 与身份证号 {number} 中的（{id_birth}）不一致：请改正出生日期或身份证号。</translation>
    </message>
    <message>
        <source>The ID number {number} is a male's (its 17th digit is odd), but the sex entered is female: correct the sex or the ID number.</source>
        <translation>身份证号 {number} 是男性的（第 17 位是单数），但填的性别是女：请改正性别或身份证号。</translation>
    </message>
    <message>
        <source>The ID number {number} is a female's (its 17th digit is even), but the sex entered is male: correct the sex or the ID number.</source>
        <translation>身份证号 {number} 是女性的（第 17 位是双数），但填的性别是男：请改正性别或身份证号。</translation>
    </message>
    <message>
        <source>The ID number is empty: type the 18-character number from the ID card or the household register (户口本).</source>
        <translation>身份证号是空的：请照身份证或户口本填写 18 位号码。</translation>
    </message>
    <message>
        <source>The ID number {number} is an old 15-digit number: type the 18-digit number from the current ID card or the household register (户口本).</source>
        <translation>身份证号 {number} 是旧的 15 位号码：请照现在的身份证或户口本填写 18 位号码。</translation>
    </message>
    <message>
        <source>The ID number {number} has {length} characters, but it must have 18: check for a missing or extra digit.</source>
        <translation>身份证号 {number} 有 {length} 位，应该是 18 位：请检查是否少了或多了数字。</translation>
    </message>
    <message>
        <source>The ID number {number} may contain only digits, and an X as the last character: check it against the card.</source>
        <translation>身份证号 {number} 只能是数字，最后一位可以是 X：请对照证件检查。</translation>
    </message>
    <message>
        <source>The ID number {number} does not contain a real birth date (its 7th to 14th digits): check them against the card.</source>
        <translation>身份证号 {number} 的第 7 到 14 位不是有效的出生日期：请对照证件检查。</translation>
    </message>
    <message>
        <source>The birth date in the ID number {number} ({birth}) is in the future: check the year digits against the card.</source>
        <translation>身份证号 {number} 中的出生日期（{birth}）在今天之后：请对照证件检查年份。</translation>
    </message>
    <message>
        <source>The name is missing: type the person's full name.</source>
        <translation>姓名是空的：请填写全名。</translation>
    </message>
    <message>
        <source>The name “{name}” contains digits: type the name only.</source>
        <translation>姓名“{name}”里有数字：请只填写姓名。</translation>
    </message>
    <message>
        <source>The name “{name}” contains “{char}”: type only the name itself (a dot · between the parts of a minority name is fine).</source>
        <translation>姓名“{name}”里有“{char}”：请只填写姓名（少数民族姓名中间的间隔点 · 可以保留）。</translation>
    </message>
    <message>
        <source>The name “{name}” is too long: a name may have at most {max} characters.</source>
        <translation>姓名“{name}”太长：最多 {max} 个字。</translation>
    </message>
    <message>
        <source>The class is missing: type it like 一年级1班.</source>
        <translation>班级是空的：请按“一年级1班”这样填写。</translation>
    </message>
    <message>
        <source>The class “{value}” cannot be read: write the grade and the class number, like 一年级1班, 初一(2)班 or 高一3班.</source>
        <translation>看不懂班级“{value}”：请写出年级和班号，例如 一年级1班、初一(2)班 或 高一3班。</translation>
    </message>
    <message>
        <source>The file {file} was not found. If it is on a USB stick, check that the stick is plugged in, then choose the file again.</source>
        <translation>找不到文件 {file}。如果它在 U 盘上，请确认 U 盘已插好，然后重新选择文件。</translation>
    </message>
    <message>
        <source>The file {file} could not be opened. If it is open in Excel or WPS, close it there, then try again.</source>
        <translation>无法打开文件 {file}。如果它正在 Excel 或 WPS 中打开，请先关闭，然后再试一次。</translation>
    </message>
    <message>
        <source>The file {file} is not a spreadsheet that can be imported. Open it in Excel or WPS, save it as an Excel workbook (.xlsx), then import that file.</source>
        <translation>文件 {file} 不是可以导入的表格。请用 Excel 或 WPS 打开，另存为 Excel 工作簿（.xlsx），再导入那个文件。</translation>
    </message>
    <message>
        <source>The spreadsheet {file} could not be read; it may be damaged. Open it in Excel or WPS, save it again as an Excel workbook (.xlsx), then import that file.</source>
        <translation>无法读取表格 {file}，它可能已损坏。请用 Excel 或 WPS 打开，重新另存为 Excel 工作簿（.xlsx），再导入那个文件。</translation>
    </message>
    <message>
        <source>The spreadsheet {file} is protected with a password. Open it in Excel or WPS, save a copy without the password, then import the copy.</source>
        <translation>表格 {file} 设置了密码。请用 Excel 或 WPS 打开，另存一份不带密码的副本，再导入副本。</translation>
    </message>
    <message>
        <source>The file {file} is too large to import ({size_mb} MB; at most {max_mb} MB). Split the roster into smaller files, for example one per grade, and import them one after another.</source>
        <translation>文件 {file} 太大，无法导入（{size_mb} MB，最多 {max_mb} MB）。请把花名册拆成几个小文件（例如每个年级一个），依次导入。</translation>
    </message>
    <message>
        <source>The spreadsheet {file} holds too much data to import. Delete unused rows and columns at the edges of each sheet, or split the roster into smaller files, then import again.</source>
        <translation>表格 {file} 的数据太多，无法导入。请删除各工作表边上没有用的行和列，或把花名册拆成几个小文件，再重新导入。</translation>
    </message>
    <message>
        <source>The file {file} has more than {max_rows} rows. Delete unused rows at the bottom of each sheet, or split the roster into smaller files, then import again.</source>
        <translation>文件 {file} 超过 {max_rows} 行。请删除各工作表底部没有用的行，或把花名册拆成几个小文件，再重新导入。</translation>
    </message>
    <message>
        <source>The text file {file} is in an encoding that cannot be read. Open it in Excel or WPS, save it as an Excel workbook (.xlsx), then import that file.</source>
        <translation>文本文件 {file} 的编码无法识别。请用 Excel 或 WPS 打开，另存为 Excel 工作簿（.xlsx），再导入那个文件。</translation>
    </message>
    <message>
        <source>No sheet in {file} has a header row with the children's names. Within the first {rows} rows of the sheet, put a header row with the column {required} and at least one more column such as {examples}, then import again.</source>
        <translation>{file} 中没有哪个工作表有写着儿童姓名的表头行。请在工作表的前 {rows} 行内放一行表头，包含“{required}”列和至少一个其他列（例如 {examples}），再重新导入。</translation>
    </message>
    <message>
        <source>“{value}” cannot be read here: write {expected}. The cell was left blank.</source>
        <translation>这里看不懂“{value}”：请填写 {expected}。这一格先留空。</translation>
    </message>
    <message>
        <source>“{words}” cannot be read here, so it was left out (the other words of the cell were kept): write {expected}.</source>
        <translation>无法识别“{words}”，已略去（该格的其他内容已保留）：请填写{expected}。</translation>
    </message>
    <message>
        <source>This child is already registered in a class that is not yours, so the row was not imported. If the child has moved to your class, ask the school administrator to move the record.</source>
        <translation>这个孩子已登记在别的班（不是您的班），这一行没有导入。如果孩子已转到您的班，请学校管理员转移档案。</translation>
    </message>
    <message>
        <source>The row does not say which class the child is in, and you teach several classes: fill in the class column, then import the file again.</source>
        <translation>这一行没有写孩子在哪个班，而您担任多个班的班主任：请填好“班级”一列，再重新导入。</translation>
    </message>
    <message>
        <source>{class} is not one of your classes, so the row was not imported. Correct the class, or ask the school administrator to import this class.</source>
        <translation>{class}不是您的班，这一行没有导入。请改正班级，或请学校管理员导入这个班。</translation>
    </message>
    <message>
        <source>The child was linked to the family of a brother or sister in another class; that family's details were not changed. Ask the school administrator to check them.</source>
        <translation>已把这个孩子与其在别的班的兄弟姐妹归为同一家庭；该家庭的信息没有修改。请学校管理员核对。</translation>
    </message>
    <message>
        <source>This row repeats the child in row {row} of sheet {sheet}, so it was not imported again: delete one of the two rows.</source>
        <translation>这一行与工作表“{sheet}”第 {row} 行是同一个孩子，没有重复导入：请删除其中一行。</translation>
    </message>
    <message>
        <source>Your account is not the class teacher of any class yet, so there is no class to import into. Ask the school administrator to give you your class.</source>
        <translation>您的账号还不是任何班的班主任，没有可导入的班级。请学校管理员为您指定班级。</translation>
    </message>
    <message>
        <source>A roster can only be imported at a school, not at a township: import it on the school's computer.</source>
        <translation>花名册只能在学校导入，乡镇不能导入：请在学校的电脑上导入。</translation>
    </message>
    <message>
        <source>Only the school administrator can undo an import another teacher made.</source>
        <translation>别的老师做的导入，只有学校管理员可以撤销。</translation>
    </message>
    <message>
        <source>This import was already undone.</source>
        <translation>这次导入已经撤销过了。</translation>
    </message>
    <message>
        <source>This import can no longer be undone: some of the children or families it added or changed were edited after it. Correct those records by hand instead.</source>
        <translation>这次导入已不能撤销：它新增或修改的部分儿童或家庭信息在导入后又被改动过。请改为手工修改这些档案。</translation>
    </message>
    <message>
        <source>This import is not in the import history any more. Close the window and open the history again.</source>
        <translation>导入记录中已经没有这次导入。请关闭窗口，重新打开导入记录。</translation>
    </message>
    <message>
        <source>The child's status is already “{status}”: choose another.</source>
        <translation>这个孩子的状态已经是“{status}”：请选择其他状态。</translation>
    </message>
    <message>
        <source>The record was not saved: correct the {count} field(s) marked in red.</source>
        <translation>档案没有保存：请改正标红的 {count} 项。</translation>
    </message>
    <message>
        <source>The birth date {date} is after today: correct the birth date.</source>
        <translation>出生日期 {date} 在今天之后：请改正出生日期。</translation>
    </message>
    <message>
        <source>The photo is too large ({size} KB): choose a smaller photo.</source>
        <translation>照片太大（{size} KB）：请选择小一些的照片。</translation>
    </message>
    <message>
        <source>{name} is not one of your classes: choose one of your own classes, or ask the school administrator to enter this child.</source>
        <translation>{name}不是你所带的班级：请选择你自己的班级，或请学校管理员录入这个孩子。</translation>
    </message>
    <message>
        <source>Another child ({name}) already has the ID number {number}: check the number against the card.</source>
        <translation>另一个孩子（{name}）已经使用了身份证号 {number}：请对照证件检查号码。</translation>
    </message>
    <message>
        <source>Children are entered at their school, not at the township: enter them on the school's computer.</source>
        <translation>儿童档案由学校录入，乡镇不能录入：请在学校的电脑上录入。</translation>
    </message>
    <message>
        <source>There is no class “{name}” in this school: check the class name.</source>
        <translation>本校没有“{name}”这个班级：请检查班级名称。</translation>
    </message>
    <message>
        <source>There are no children to export: add children, or choose other classes.</source>
        <translation>没有可以导出的儿童：请先添加儿童，或选择其他班级。</translation>
    </message>
    <message>
        <source>A new school year can only be started at a school, not at a township: start it on the school's computer.</source>
        <translation>只有学校才能开始新学年，乡镇不能操作：请在学校的电脑上开始新学年。</translation>
    </message>
    <message>
        <source>A new school year was already started on {date}: starting another one now would move every class up a second time. If the first start was a mistake, restore the backup made just before it (Settings, Backup and restore).</source>
        <translation>{date} 已经开始过新学年：现在再开始一次，每个班级会再升一个年级。如果上次是误操作，请恢复上次操作前自动制作的备份（“设置”中的“备份与恢复”）。</translation>
    </message>
    <message>
        <source>The top grade {grade} is not possible: choose 6 for a primary school, 9 for a nine-year school (九年一贯制) or 12.</source>
        <translation>最高年级不能是 {grade}：小学请选 6，九年一贯制学校请选 9，含高中的学校请选 12。</translation>
    </message>
    <message>
        <source>The school has classes in grade {highest}, above the top grade {grade}: choose a top grade of at least {highest}.</source>
        <translation>本校有 {highest} 年级的班级，高于所选的最高年级 {grade}：请把最高年级设为 {highest} 或更高。</translation>
    </message>
    <message>
        <source>The classes {classes} are the same class written differently, so both would become {name}: move the children of one into the other first.</source>
        <translation>班级 {classes} 是同一个班级的不同写法，升级后都会变成 {name}：请先把其中一个班的儿童移到另一个班。</translation>
    </message>
    <message>
        <source>Cannot write the file {path}: {reason}. Close it if it is open in Excel or WPS, or choose another folder.</source>
        <translation>无法写入文件 {path}：{reason}。如果它正在 Excel 或 WPS 中打开，请先关闭，或者换一个文件夹。</translation>
    </message>
    <message>
        <source>“{month}” is not a month: write it as YYYY-MM, e.g. 2026-11.</source>
        <translation>“{month}”不是月份：请写成 年-月，例如 2026-11。</translation>
    </message>
    <message>
        <source>print {kind} needs {option}: add it and try again.</source>
        <translation>print {kind} 命令需要 {option} 参数：请加上后再试一次。</translation>
    </message>
    <message>
        <source>No child with the ID number or record id “{value}” was found among the children you may see: check the number.</source>
        <translation>在您能查看的儿童中，没有身份证号或编号为“{value}”的儿童：请核对号码。</translation>
    </message>
    <message>
        <source>There is no child to print in this selection. Choose another class, or check the children's status on the children page.</source>
        <translation>所选范围内没有可打印的儿童。请换一个班级，或到“儿童”页面查看儿童的状态。</translation>
    </message>
    <message>
        <source>There is no card layout “{layout}”. Choose one of: {choices}.</source>
        <translation>没有“{layout}”这种联系卡版式。请从以下版式中选择：{choices}。</translation>
    </message>
    <message>
        <source>There is no printed form “{kind}”. Choose one of: {choices}.</source>
        <translation>没有“{kind}”这种打印表格。请从以下表格中选择：{choices}。</translation>
    </message>
    <message>
        <source>The PDF could not be saved as {file}: {reason}. Check that the folder exists and the disk or USB stick is not full or write-protected, then try again.</source>
        <translation>PDF 无法保存为 {file}：{reason}。请检查文件夹是否存在、磁盘或U盘是否已满或写保护，然后重试。</translation>
    </message>
    <message>
        <source>The PDF {file} could not be read. Make it again; if this happens again, tell the township's IT helper.</source>
        <translation>无法读取 PDF 文件 {file}。请重新生成；如果仍然这样，请告诉乡镇的电脑管理员。</translation>
    </message>
    <message>
        <source>The printer could not be started. Check that it is switched on and connected, then print again.</source>
        <translation>打印机无法启动。请检查打印机是否已开机并连接好，然后重新打印。</translation>
    </message>
    <message>
        <source>There is no teacher called “{name}” (or there are several): check the name with “mentors list”.</source>
        <translation>没有叫“{name}”的老师（或有多位同名）：请用“mentors list”核对姓名。</translation>
    </message>
    <message>
        <source>Mentors are paired with children at the school: do it on the school's computer.</source>
        <translation>结对帮扶在学校进行：请在学校的电脑上操作。</translation>
    </message>
    <message>
        <source>This teacher is not (or no longer) a teacher of the school: choose another one from the list.</source>
        <translation>这位老师不是（或已不是）本校老师：请从列表中另选一位。</translation>
    </message>
    <message>
        <source>{count} of the children chosen were not found (removed, or not open to your account): refresh the list and choose again.</source>
        <translation>所选儿童中有 {count} 名找不到（已删除，或您的账号无权查看）：请刷新列表后重新选择。</translation>
    </message>
    <message>
        <source>There is already a teacher called “{name}”: if this is another person, add something to tell them apart, e.g. {name}（数学）.</source>
        <translation>已经有一位叫“{name}”的老师：如果是另一个人，请加以区分，例如 {name}（数学）。</translation>
    </message>
    <message>
        <source>Choose at least one mentor to share the children among.</source>
        <translation>请至少选择一名帮扶教师来分配儿童。</translation>
    </message>
    <message>
        <source>The children would be handed over to the same teacher: choose another teacher to take them.</source>
        <translation>不能移交给同一位老师：请选择另一位老师接手。</translation>
    </message>
    <message>
        <source>A child cannot be their own study buddy: choose another pupil.</source>
        <translation>孩子不能做自己的学习帮手：请选择另一名学生。</translation>
    </message>
    <message>
        <source>The study buddy must be another pupil of this school who is still at school: choose one from the list.</source>
        <translation>学习帮手必须是本校另一名在校学生：请从列表中选择。</translation>
    </message>
    <message>
        <source>The school calendar is kept at the school, not at the township: edit it on the school's computer.</source>
        <translation>校历由学校维护，不在乡镇：请在学校的电脑上编辑。</translation>
    </message>
    <message>
        <source>The term {name} shares days with the term {other} ({starts} to {ends}): change the dates so that the terms do not overlap.</source>
        <translation>学期 {name} 与学期 {other}（{starts} 至 {ends}）有重叠的日子：请修改日期，使学期不重叠。</translation>
    </message>
    <message>
        <source>There is no term {name}: it may have been removed already.</source>
        <translation>没有学期 {name}：可能已被删除。</translation>
    </message>
    <message>
        <source>The note is too long: keep it under {max} characters.</source>
        <translation>备注太长：请少于 {max} 个字。</translation>
    </message>
    <message>
        <source>The term name “{name}” cannot be read: write the school year's two years, then 1 for the autumn term or 2 for the spring term, like 2026-2027-1.</source>
        <translation>无法识别学期名称“{name}”：请写学年的两个年份，再写 1（秋季学期）或 2（春季学期），例如 2026-2027-1。</translation>
    </message>
    <message>
        <source>The term {name} would end ({ends}) before it starts ({starts}): check both dates.</source>
        <translation>学期 {name} 的结束日期（{ends}）早于开始日期（{starts}）：请核对两个日期。</translation>
    </message>
    <message>
        <source>The term {name} should start in {year}, but its first day is {starts}: check the term's name and its first day.</source>
        <translation>学期 {name} 应在 {year} 年开始，但开学日是 {starts}：请核对学期名称和开学日期。</translation>
    </message>
    <message>
        <source>Only two talks of the same month can swap days: these are planned for {first} and {second}.</source>
        <translation>只有同一个月的两次谈心可以互换日期：这两次分别排在 {first} 和 {second}。</translation>
    </message>
    <message>
        <source>Talks are planned at the school, not at the township: plan them on the school's computer.</source>
        <translation>谈心在学校安排，不在乡镇：请在学校的电脑上安排。</translation>
    </message>
    <message>
        <source>This talk is not open to your account (the child belongs to another class or mentor), or it was removed.</source>
        <translation>您的账号无法查看这次谈心（孩子属于别的班或别的帮扶教师），或它已被删除。</translation>
    </message>
    <message>
        <source>Only a planned talk can be moved: this one was already held or cancelled.</source>
        <translation>只有已排期的谈心可以改期：这次谈心已经谈过或已取消。</translation>
    </message>
    <message>
        <source>A talk of {month} can only move to a school day of that month, and {day} is not one: choose another day.</source>
        <translation>{month}的谈心只能改到当月的上学日，{day}不是上学日：请另选一天。</translation>
    </message>
    <message>
        <source>The talk's date {day} is in the future: enter the day the talk was held.</source>
        <translation>谈心日期 {day} 还没到：请填写实际谈心的日期。</translation>
    </message>
    <message>
        <source>The talk's date {day} is more than a year ago: check the year.</source>
        <translation>谈心日期 {day} 已超过一年：请核对年份。</translation>
    </message>
    <message>
        <source>The follow-up date {day} must be after the talk and within a year of it.</source>
        <translation>跟进日期 {day} 必须在谈心之后、一年之内。</translation>
    </message>
    <message>
        <source>Choose how the talk was held: face to face, phone, video call or home visit.</source>
        <translation>请选择谈心形式：面谈、电话、视频或家访。</translation>
    </message>
    <message>
        <source>Choose the topics from the list: study, daily life, feelings, safety, family ties.</source>
        <translation>请从列表中选择谈心主题：学习、生活、心理、安全、亲情。</translation>
    </message>
    <message>
        <source>Choose the concern from the list: serious drop in school work, mental health, behaviour, safety, suspected offence.</source>
        <translation>请从列表中选择需要关注的情况：学习严重滑坡、心理、行为、安全、涉嫌违法。</translation>
    </message>
    <message>
        <source>This child's talks are not open to your account (the child belongs to another class or mentor), or the record was removed.</source>
        <translation>您的账号无法查看这个孩子的谈心（孩子属于别的班或别的帮扶教师），或记录已被删除。</translation>
    </message>
    <message>
        <source>This talk has no record to correct (it was not held yet, or it was removed): record the talk instead.</source>
        <translation>这次谈心没有可修改的记录（还没谈，或已被删除）：请直接录入谈心记录。</translation>
    </message>
    <message>
        <source>Write what the follow-up found or did before saving it.</source>
        <translation>保存前请写下这次跟进了解到的情况或采取的措施。</translation>
    </message>
    <message>
        <source>This concern was closed on {day}: flag a new concern on a talk record if the child needs help again.</source>
        <translation>此关注已于 {day} 结束：如果孩子再次需要帮助，请在谈心记录中重新标记需要关注。</translation>
    </message>
    <message>
        <source>Only {author}, who recorded this talk, or the school administrator can correct it: ask one of them.</source>
        <translation>只有填写这条记录的 {author} 或学校管理员可以修改：请找他们修改。</translation>
    </message>
    <message>
        <source>This record was locked {days} days after it was written, on {day}: ask the school administrator to correct it (the correction stays visible in the history).</source>
        <translation>此记录已在填写 {days} 天后（{day}）锁定：请学校管理员修改（修改会留在历史记录中）。</translation>
    </message>
    <message>
        <source>Choose a day from {first} (when the concern was opened) to today.</source>
        <translation>请选择从 {first}（开始关注之日）到今天之间的日期。</translation>
    </message>
    <message>
        <source>The term plan is kept at the school, not at the township: plan activities on the school's computer.</source>
        <translation>行事历保存在学校，不在乡镇：请在学校的电脑上安排活动。</translation>
    </message>
    <message>
        <source>There is no activity template named {name}: choose one of the templates listed.</source>
        <translation>没有名为 {name} 的活动模板：请从列出的模板中选择。</translation>
    </message>
    <message>
        <source>Give the template a name of 1 to {max} characters, without a colon.</source>
        <translation>请给模板起一个 1 到 {max} 个字的名称，不要带冒号。</translation>
    </message>
    <message>
        <source>The name {name} belongs to a template that comes with the program: choose another name for the school's own template.</source>
        <translation>{name} 是程序自带模板的名称：请给本校自己的模板换一个名称。</translation>
    </message>
    <message>
        <source>Activities are planned and printed at the school, not at the township.</source>
        <translation>活动要在学校安排和打印，不在乡镇。</translation>
    </message>
    <message>
        <source>Choose the guardian meeting whose sign-in sheet to print, or print a blank sheet.</source>
        <translation>请选择要打印签到表的监护人会，或打印空白签到表。</translation>
    </message>
    <message>
        <source>Choose the home visits or the children whose home visit forms to print, or print a blank form.</source>
        <translation>请选择要打印家访记录表的家访或儿童，或打印空白表。</translation>
    </message>
    <message>
        <source>Choose the children whose growth record to print.</source>
        <translation>请选择要打印成长档案的儿童。</translation>
    </message>
    <message>
        <source>A home visit was not found; it may have been removed.</source>
        <translation>找不到这次家访记录：可能已被删除。</translation>
    </message>
    <message>
        <source>Give the activity a title.</source>
        <translation>请填写活动标题。</translation>
    </message>
    <message>
        <source>The title is too long: keep it under {max} characters.</source>
        <translation>标题太长：请少于 {max} 个字。</translation>
    </message>
    <message>
        <source>Choose the kind of activity.</source>
        <translation>请选择活动类型。</translation>
    </message>
    <message>
        <source>Choose a safety topic from the list.</source>
        <translation>请从列表中选择安全主题。</translation>
    </message>
    <message>
        <source>The activity would end ({ends}) before it starts ({starts}): check both days.</source>
        <translation>活动的结束日期（{ends}）早于开始日期（{starts}）：请检查这两个日期。</translation>
    </message>
    <message>
        <source>An activity can last {max} days at most: split a longer one into parts.</source>
        <translation>一项活动最多 {max} 天：更长的活动请分成几项。</translation>
    </message>
    <message>
        <source>The organiser or the place is too long: keep each under {max} characters.</source>
        <translation>组织者或地点太长：每项请少于 {max} 个字。</translation>
    </message>
    <message>
        <source>Choose whom the activity is for: the school, grades, classes or children.</source>
        <translation>请选择活动的参加对象：全校、年级、班级或儿童。</translation>
    </message>
    <message>
        <source>Choose at least one grade, class or child the activity is for.</source>
        <translation>请至少选择一个参加活动的年级、班级或儿童。</translation>
    </message>
    <message>
        <source>Choose the grades from the list.</source>
        <translation>请从列表中选择年级。</translation>
    </message>
    <message>
        <source>No term of the school calendar holds {day}: enter the term in the school calendar (校历) first, or choose a day inside a term.</source>
        <translation>校历中没有包含 {day} 的学期：请先在校历中录入学期，或选择学期内的日期。</translation>
    </message>
    <message>
        <source>The date {day} is in the future: enter the day it happened.</source>
        <translation>{day} 还没到：请填写实际发生的日期。</translation>
    </message>
    <message>
        <source>The date {day} is more than a year ago: check the year.</source>
        <translation>{day} 已是一年多以前：请检查年份。</translation>
    </message>
    <message>
        <source>A call of {minutes} minutes cannot be right: enter from 0 to {max} minutes.</source>
        <translation>通话 {minutes} 分钟不太可能：请填写 0 到 {max} 分钟。</translation>
    </message>
    <message>
        <source>This call is no longer in the log (it was removed): refresh the list.</source>
        <translation>这条通话记录已被删除：请刷新列表。</translation>
    </message>
    <message>
        <source>The entry is empty: write a title or a few words (a photo entry may instead hold a photo).</source>
        <translation>记录是空的：请写个标题或几句话（照片类记录也可以只放一张照片）。</translation>
    </message>
    <message>
        <source>This entry of the growth record was removed: refresh the record.</source>
        <translation>成长档案中的这条记录已被删除：请刷新成长档案。</translation>
    </message>
    <message>
        <source>Home visits and guardian meetings are kept at the school, not at the township: open them on the school's computer.</source>
        <translation>家访和监护人会记录保存在学校，不在乡镇：请在学校的电脑上打开。</translation>
    </message>
    <message>
        <source>This home visit was removed: refresh the list of visits.</source>
        <translation>这次家访记录已被删除：请刷新家访列表。</translation>
    </message>
    <message>
        <source>The activity this visit belongs to was removed from the plan: choose another one, or none.</source>
        <translation>这次家访所属的活动已从行事历中删除：请选择其他活动，或不选。</translation>
    </message>
    <message>
        <source>Photos are added at the school, not at the township: add them on the school's computer.</source>
        <translation>照片要在学校添加，不在乡镇：请在学校的电脑上添加。</translation>
    </message>
    <message>
        <source>This file is not a picture that can be read: choose a photo (JPEG or PNG).</source>
        <translation>这个文件不是能读取的图片：请选择一张照片（JPEG 或 PNG）。</translation>
    </message>
    <message>
        <source>This photo was removed: refresh the list.</source>
        <translation>这张照片已被删除：请刷新列表。</translation>
    </message>
    <message>
        <source>This picture cannot be read or is too large (over 40 megapixels): choose a photo (JPEG or PNG) from a phone or a camera.</source>
        <translation>这张图片无法读取或太大（超过 4000 万像素）：请选择手机或相机拍的照片（JPEG 或 PNG）。</translation>
    </message>
    <message>
        <source>The photos of {term} already take {used} MB of the {budget} MB they may take (so that they still fit the bundle sent to the township): remove some photos of this term first.</source>
        <translation>{term} 学期的照片已占用 {used} MB，最多只能占 {budget} MB（这样才能放进报送乡镇的数据包）：请先删除本学期的一些照片。</translation>
    </message>
    <message>
        <source>This activity is no longer in the plan (it was removed): refresh the list.</source>
        <translation>这项活动已不在行事历中（已被删除）：请刷新列表。</translation>
    </message>
    <message>
        <source>The school calendar has no term yet. Enter the term in the school calendar (校历) first.</source>
        <translation>校历中还没有学期。请先在校历中录入学期。</translation>
    </message>
    <message>
        <source>The file {name} could not be read. Check that it is still there and try again.</source>
        <translation>无法读取文件 {name}。请检查文件是否还在，然后再试一次。</translation>
    </message>
    <message>
        <source>The file {name} is too big to be a photo. Choose a photo file.</source>
        <translation>文件 {name} 太大，不像是照片。请选择照片文件。</translation>
    </message>
    <message>
        <source>pair export runs at the township, and this computer is a school: at a school, use pair import with the pairing file the township exported.</source>
        <translation>pair export 要在乡镇运行，而这台电脑是学校用的：在学校请用 pair import 导入乡镇导出的配对文件。</translation>
    </message>
    <message>
        <source>pair import runs at a school, and this computer is the township: at the township, use pair export and take the file to the schools.</source>
        <translation>pair import 要在学校运行，而这台电脑是乡镇用的：在乡镇请用 pair export 导出配对文件，再把文件带到各学校。</translation>
    </message>
    <message>
        <source>Schools are entered at the township, and this computer is a school: at a school, import the township's pairing file (pair import).</source>
        <translation>学校要在乡镇录入，而这台电脑是学校用的：在学校请在“同步”页点“导入配对文件…”（命令行：pair import）。</translation>
    </message>
    <message>
        <source>The expected number of left-behind children must be a whole number from 0 to {max}, not {value}.</source>
        <translation>应建档留守儿童人数必须是 0 到 {max} 之间的整数，不能是 {value}。</translation>
    </message>
    <message>
        <source>The keys in {folder} belong to “{other}”, not to this installation ({code}). Put back this installation's own keys folder, or move that folder away so that new keys are made (the township must then accept them: pair accept).</source>
        <translation>{folder} 中的密钥属于“{other}”，不属于本机（{code}）。请放回本机自己的密钥文件夹；或者把这个文件夹移走，让本程序生成新的密钥（之后乡镇须接受新密钥：pair accept）。</translation>
    </message>
    <message>
        <source>The keys folder {folder} could not be made ({problem}). Check that the data folder can be written, then try again.</source>
        <translation>无法创建密钥文件夹 {folder}（{problem}）。请检查数据文件夹是否可以写入，然后再试一次。</translation>
    </message>
    <message>
        <source>The pairing file could not be written to {path} ({problem}). Check the USB stick (not full, not write-protected), then try again.</source>
        <translation>无法把配对文件写入 {path}（{problem}）。请检查 U 盘（是否已满、是否写保护），然后再试一次。</translation>
    </message>
    <message>
        <source>This pairing file is the school “{name}” ({code})'s, not the township's. Import the pairing file the township exported (pair export).</source>
        <translation>这个配对文件是学校“{name}”（{code}）的，不是乡镇的。请导入乡镇导出的配对文件（pair export）。</translation>
    </message>
    <message>
        <source>This school is paired with the township “{name}” ({code}), not with {new}. If the school now belongs to another township, ask the IT helper to move it.</source>
        <translation>本校已与乡镇“{name}”（{code}）配对，而不是与 {new} 配对。如果本校现在归属另一个乡镇，请找信息员办理转移。</translation>
    </message>
    <message>
        <source>This pairing file has other keys than the township {code} this school is paired with (known {old}, this file {new}). Phone the township and compare the fingerprint; if it is theirs, run “pair accept {code}”.</source>
        <translation>这个配对文件中的密钥与本校已配对的乡镇 {code} 的密钥不同（已知：{old}，此文件：{new}）。请给乡镇打电话核对指纹；如果确实是乡镇的，请在“同步”页的黄色提示旁点“接受新密钥…”（命令行：pair accept {code}）。</translation>
    </message>
    <message>
        <source>{code} is the township's own code: enter the school's code.</source>
        <translation>{code} 是乡镇自己的代码：请输入学校的代码。</translation>
    </message>
    <message>
        <source>No school or township with the code {code} is known here (see schools list).</source>
        <translation>本机没有代码为 {code} 的学校或乡镇（请用 schools list 查看）。</translation>
    </message>
    <message>
        <source>No new key is waiting for {code}: there is nothing to accept.</source>
        <translation>{code} 没有待接受的新密钥：无需接受。</translation>
    </message>
    <message>
        <source>Refused: the bundle from {sender} is signed with other keys than the ones paired here (known {old}, this bundle {new}). Phone {sender} and compare the fingerprint; if it is theirs (a new or reinstalled PC), run “pair accept {sender}” and import the bundle again.</source>
        <translation>已拒绝：来自 {sender} 的同步包所用的密钥与本机配对的密钥不同（已知：{old}，此同步包：{new}）。请给 {sender} 打电话核对指纹；如果确实是对方的（换了新电脑或重装了系统），请在“同步”页的黄色提示旁点“接受新密钥…”（命令行：pair accept {sender}），然后重新导入同步包。</translation>
    </message>
    <message>
        <source>Refused: this school is not paired with {sender}, the sender of this bundle. Import the township's pairing file first (pair import).</source>
        <translation>已拒绝：本校没有与这个同步包的发送方 {sender} 配对。请先在“同步”页点“导入配对文件…”，导入乡镇的配对文件（命令行：pair import）。</translation>
    </message>
    <message>
        <source>Refused: {sender} is not paired with the township and its bundle does not carry its keys. Ask the school to make a full bundle (bundle export --full).</source>
        <translation>已拒绝：{sender} 还没有与乡镇配对，它的同步包里也没有带上它的密钥。请让该学校制作一个完整的同步包（bundle export --full）。</translation>
    </message>
    <message>
        <source>This file is not a sync bundle (同步包) made by this program. Choose a bundle file, whose name ends in .lsb.</source>
        <translation>这个文件不是本程序制作的同步包。请选择文件名以 .lsb 结尾的同步包文件。</translation>
    </message>
    <message>
        <source>This sync bundle is incomplete: it was cut off, perhaps because the USB stick was pulled out too early. Nothing was imported. Ask the sender to export it again and to wait until the program says the stick can be removed.</source>
        <translation>这个同步包不完整：文件被截断了，可能是 U 盘拔得太早。没有导入任何内容。请让发送方重新导出，并等本程序提示可以拔出 U 盘后再拔。</translation>
    </message>
    <message>
        <source>This sync bundle was changed or damaged after it was made, so it cannot be trusted. Nothing was imported. Ask the sender to export it again, onto another USB stick if this happens again.</source>
        <translation>这个同步包在制作后被改动或损坏了，因此不可信。没有导入任何内容。请让发送方重新导出；如果再次出现这种情况，请换一个 U 盘。</translation>
    </message>
    <message>
        <source>This sync bundle was made for another school or township, not for this one. Nothing was imported. Check that you took the right file from the USB stick.</source>
        <translation>这个同步包是给另一个学校或乡镇的，不是给本单位的。没有导入任何内容。请检查从 U 盘中取的文件是否正确。</translation>
    </message>
    <message>
        <source>This sync bundle comes from a school or township this computer is not paired with, so it cannot be trusted. Nothing was imported. Pair first: a school imports the township's pairing file (pair import); the township needs the school's first bundle, which carries its key.</source>
        <translation>这个同步包来自一个未与本机配对的学校或乡镇，因此不可信。没有导入任何内容。请先配对：学校在“同步”页点“导入配对文件…”，导入乡镇的配对文件（命令行：pair import）；乡镇需要导入学校的第一个同步包，其中带有学校的密钥。</translation>
    </message>
    <message>
        <source>The sender of this sync bundle has a new key (a new or reinstalled computer). Nothing was imported. Compare the new key's fingerprint with the sender by phone, accept it (pair accept CODE), then import the bundle again.</source>
        <translation>这个同步包的发送方换了新密钥（换了新电脑或重装了系统）。没有导入任何内容。请打电话与发送方核对新密钥的指纹，在“同步”页的黄色提示旁点“接受新密钥…”（命令行：pair accept CODE），然后重新导入同步包。</translation>
    </message>
    <message>
        <source>This sync bundle was made by a newer version of the program. Nothing was imported. Please upgrade the program on this computer, then import the bundle again.</source>
        <translation>这个同步包是由更新版本的本程序制作的。没有导入任何内容。请先升级这台电脑上的本程序，然后重新导入同步包。</translation>
    </message>
    <message>
        <source>This sync bundle uses a newer file format than this program can read. Nothing was imported. Please upgrade the program on this computer, then import the bundle again.</source>
        <translation>这个同步包使用了更新的文件格式，本程序无法读取。没有导入任何内容。请先升级这台电脑上的本程序，然后重新导入同步包。</translation>
    </message>
    <message>
        <source>The sync bundle cannot be read ({problem}): {path}. Check that the USB stick is plugged in, or copy the file to this computer first.</source>
        <translation>无法读取同步包（{problem}）：{path}。请检查 U 盘是否已插好，或者先把文件复制到这台电脑上。</translation>
    </message>
    <message>
        <source>The sync bundle could not be written to {folder} ({problem}). Check that the USB stick is plugged in, not write-protected and has free space, or choose another folder.</source>
        <translation>无法把同步包写入 {folder}（{problem}）。请检查 U 盘是否已插好、没有写保护并且有剩余空间，或者选择其他文件夹。</translation>
    </message>
    <message>
        <source>The USB stick did not keep the sync bundle written to {folder}: it did not read back correctly, so it was deleted. Try another USB stick.</source>
        <translation>写入 {folder} 的同步包没有被 U 盘正确保存：读回时内容不对，所以已将其删除。请换一个 U 盘试试。</translation>
    </message>
    <message>
        <source>This installation already has its keys ({path}); they were not replaced. New keys would make the township refuse this school's bundles until it accepts them.</source>
        <translation>本机已经有密钥（{path}），没有替换。如果换成新密钥，乡镇在接受新密钥之前会拒收本校的同步包。</translation>
    </message>
    <message>
        <source>The keys of this installation are damaged and cannot be used: {path}. Restore the keys folder from a backup, or ask the township's IT helper to make new keys.</source>
        <translation>本机的密钥已损坏，无法使用：{path}。请从备份中恢复密钥文件夹，或者请乡镇的信息员生成新的密钥。</translation>
    </message>
    <message>
        <source>The keys of this installation were protected by Windows on another computer and cannot be unlocked here: {path}. Ask the township's IT helper to make new keys for this computer.</source>
        <translation>本机的密钥是在另一台电脑上由 Windows 加密保护的，在这台电脑上无法解锁：{path}。请乡镇的信息员为这台电脑生成新的密钥。</translation>
    </message>
    <message>
        <source>The keys of this installation could not be saved in {folder} ({problem}). Check that the disk is not full, then try again.</source>
        <translation>无法把本机的密钥保存到 {folder}（{problem}）。请检查磁盘是否已满，然后再试一次。</translation>
    </message>
    <message>
        <source>This file is not a pairing file made by this program. Choose the pairing file the township exported (pair export), whose name ends in .json.</source>
        <translation>这个文件不是本程序制作的配对文件。请选择乡镇导出的配对文件（pair export），文件名以 .json 结尾。</translation>
    </message>
    <message>
        <source>This pairing file was made by a newer version of the program. Please upgrade the program on this computer, then import it again.</source>
        <translation>这个配对文件是由更新版本的本程序制作的。请先升级这台电脑上的本程序，然后重新导入。</translation>
    </message>
    <message>
        <source>This pairing file was changed or damaged after it was made, so it cannot be trusted. Ask the township to export it again (pair export).</source>
        <translation>这个配对文件在制作后被改动或损坏了，因此不可信。请让乡镇重新导出（pair export）。</translation>
    </message>
    <message>
        <source>This bundle was made by a newer version of the program (it holds {what}, which this version does not know). Please upgrade the program on this computer, then import the bundle again. Nothing was imported.</source>
        <translation>这个同步包是由更新版本的本程序制作的（其中包含 {what}，当前版本无法识别）。请先升级这台电脑上的本程序，然后重新导入同步包。没有导入任何内容。</translation>
    </message>
    <message>
        <source>The bundle's contents are damaged ({what}). Nothing was imported: ask the sender to make a new bundle.</source>
        <translation>同步包的内容已损坏（{what}）。没有导入任何内容：请让发送方重新制作一个同步包。</translation>
    </message>
    <message>
        <source>Bundles for {n} schools are written into a folder: choose a folder (the USB stick), not the file {path}.</source>
        <translation>发给 {n} 所学校的同步包要写入一个文件夹：请选择文件夹（U 盘），不要选择文件 {path}。</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist. Check that the USB stick is plugged in, or choose another folder.</source>
        <translation>文件夹 {folder} 不存在。请检查 U 盘是否已插好，或选择其他文件夹。</translation>
    </message>
    <message>
        <source>A school's bundle always goes to its township: leave out --to and --all (they are for the township).</source>
        <translation>学校的同步包总是发给所属乡镇：请不要使用 --to 和 --all（这两个选项供乡镇使用）。</translation>
    </message>
    <message>
        <source>This school is not paired with its township yet, so no bundle can be made. Import the township's pairing file first (pair import).</source>
        <translation>本校还没有与所属乡镇配对，因此无法生成同步包。请先在“同步”页点“导入配对文件…”，导入乡镇的配对文件（命令行：pair import）。</translation>
    </message>
    <message>
        <source>--full is for a school's bundle. The township sends receipts: use --to CODE or --all.</source>
        <translation>--full 只用于学校的同步包。乡镇发送的是回执：请使用 --to CODE 或 --all。</translation>
    </message>
    <message>
        <source>No school with the code {code} is entered here (see schools list).</source>
        <translation>这里没有录入代码为 {code} 的学校（请查看 schools list）。</translation>
    </message>
    <message>
        <source>The school {name} ({code}) has not sent its first bundle yet, so its key is not known and nothing can be sent to it. Import its bundle first.</source>
        <translation>学校 {name}（{code}）还没有发来第一个同步包，因此还不知道它的密钥，无法向它发送任何内容。请先导入该校的同步包。</translation>
    </message>
    <message>
        <source>Say which school the bundle is for: --to CODE, or --all for every school.</source>
        <translation>请指明同步包发给哪所学校：--to CODE；发给所有学校请用 --all。</translation>
    </message>
    <message>
        <source>No school has sent its first bundle yet, so there is no school to send to. Import the schools' bundles first.</source>
        <translation>还没有任何学校发来第一个同步包，因此没有可以发送的学校。请先导入各校的同步包。</translation>
    </message>
    <message>
        <source>There is no conflict number {id}: see the conflict list.</source>
        <translation>没有编号为 {id} 的冲突：请查看冲突列表。</translation>
    </message>
    <message>
        <source>Conflict number {id} was already decided by {who}: nothing was changed.</source>
        <translation>编号为 {id} 的冲突已由 {who} 处理：没有做任何更改。</translation>
    </message>
    <message>
        <source>The record of conflict number {id} is no longer here: nothing was changed.</source>
        <translation>编号为 {id} 的冲突所涉及的记录已不存在：没有做任何更改。</translation>
    </message>
    <message>
        <source>The schools' overview is kept at the township's computer: this computer is a school. Send the township a sync bundle instead.</source>
        <translation>各校汇总情况保存在乡镇的电脑上，而这台电脑属于学校。请改为给乡镇发送同步包。</translation>
    </message>
    <message>
        <source>There is no school with the code {code}: check the school's code.</source>
        <translation>没有代码为 {code} 的学校：请检查学校代码。</translation>
    </message>
    <message>
        <source>The folder {folder} cannot be read ({problem}). Check that the USB stick is plugged in.</source>
        <translation>无法读取文件夹 {folder}（{problem}）。请检查 U 盘是否插好。</translation>
    </message>
    <message>
        <source>Notices and shared templates are sent by the township, and this computer is a school: the township's notices arrive with its bundles.</source>
        <translation>通知和共享模板由乡镇发出，这台电脑是学校：乡镇的通知会随乡镇的同步包送来。</translation>
    </message>
    <message>
        <source>Give the notice a title of 1 to {max} characters.</source>
        <translation>请给通知写一个标题（1 到 {max} 个字）。</translation>
    </message>
    <message>
        <source>The notice is too long: at most {max} characters, please.</source>
        <translation>通知太长了：最多 {max} 个字。</translation>
    </message>
    <message>
        <source>The deadline {due} has passed: choose today or a later day.</source>
        <translation>截止日期 {due} 已过：请选今天或以后的日期。</translation>
    </message>
    <message>
        <source>There is no such notice (it may have been withdrawn).</source>
        <translation>没有这条通知（可能已经撤回）。</translation>
    </message>
    <message>
        <source>School {code} has sent no template named {name}. A school saves its term plan as a template, and its next bundle brings it here.</source>
        <translation>学校 {code} 没有发来名为 {name} 的模板。学校先把学期计划保存为模板，下一次的同步包会把它带到乡镇。</translation>
    </message>
</context>
<context>
    <name>Vocab</name>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>Township office</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Class teacher</source>
        <translation>班主任</translation>
    </message>
    <message>
        <source>Mentor teacher</source>
        <translation>帮扶教师</translation>
    </message>
    <message>
        <source>Read-only inspector</source>
        <translation>只读/督查</translation>
    </message>
    <message>
        <source>Township administrator</source>
        <translation>乡镇管理员</translation>
    </message>
    <message>
        <source>Township viewer</source>
        <translation>乡镇查看</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在校</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>已转学</translation>
    </message>
    <message>
        <source>Graduated</source>
        <translation>已毕业</translation>
    </message>
    <message>
        <source>Parents returned</source>
        <translation>父母已返乡</translation>
    </message>
    <message>
        <source>Left school</source>
        <translation>已离校</translation>
    </message>
    <message>
        <source>Father</source>
        <translation>父亲</translation>
    </message>
    <message>
        <source>Mother</source>
        <translation>母亲</translation>
    </message>
    <message>
        <source>Paternal grandfather</source>
        <translation>祖父</translation>
    </message>
    <message>
        <source>Paternal grandmother</source>
        <translation>祖母</translation>
    </message>
    <message>
        <source>Maternal grandfather</source>
        <translation>外祖父</translation>
    </message>
    <message>
        <source>Maternal grandmother</source>
        <translation>外祖母</translation>
    </message>
    <message>
        <source>Other relative or entrusted person</source>
        <translation>其他亲属或受委托人</translation>
    </message>
    <message>
        <source>Healthy</source>
        <translation>健康</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>残疾</translation>
    </message>
    <message>
        <source>Ill</source>
        <translation>患病</translation>
    </message>
    <message>
        <source>Not in kindergarten</source>
        <translation>未入园</translation>
    </message>
    <message>
        <source>Kindergarten</source>
        <translation>幼儿园</translation>
    </message>
    <message>
        <source>Primary school</source>
        <translation>小学</translation>
    </message>
    <message>
        <source>Junior middle school</source>
        <translation>初中</translation>
    </message>
    <message>
        <source>Senior high school</source>
        <translation>高中</translation>
    </message>
    <message>
        <source>Secondary vocational school</source>
        <translation>中职</translation>
    </message>
    <message>
        <source>Dropped out</source>
        <translation>辍学</translation>
    </message>
    <message>
        <source>Not in school</source>
        <translation>不在学</translation>
    </message>
    <message>
        <source>No guardian</source>
        <translation>无人监护</translation>
    </message>
    <message>
        <source>Parent unable to look after the child</source>
        <translation>父或母无监护能力</translation>
    </message>
    <message>
        <source>Entrusted guardian not able enough</source>
        <translation>受委托监护人监护能力不足</translation>
    </message>
    <message>
        <source>Fair</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>较好</translation>
    </message>
    <message>
        <source>Migrant work</source>
        <translation>打工收入</translation>
    </message>
    <message>
        <source>Farming and livestock</source>
        <translation>种养殖业</translation>
    </message>
    <message>
        <source>Government aid</source>
        <translation>政府救助</translation>
    </message>
    <message>
        <source>Help from relatives and friends</source>
        <translation>亲朋接济</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Minimum living allowance</source>
        <translation>低保</translation>
    </message>
    <message>
        <source>Temporary assistance</source>
        <translation>临时救助</translation>
    </message>
    <message>
        <source>Medical assistance</source>
        <translation>医疗救助</translation>
    </message>
    <message>
        <source>Housing assistance</source>
        <translation>住房救助</translation>
    </message>
    <message>
        <source>Other assistance</source>
        <translation>其他救助</translation>
    </message>
    <message>
        <source>Hardship</source>
        <translation>特困</translation>
    </message>
    <message>
        <source>Special talent</source>
        <translation>特长</translation>
    </message>
    <message>
        <source>Disability</source>
        <translation>残障</translation>
    </message>
    <message>
        <source>Priority help</source>
        <translation>重点帮扶对象</translation>
    </message>
    <message>
        <source>Orphan</source>
        <translation>孤儿</translation>
    </message>
    <message>
        <source>Parent in prison</source>
        <translation>服刑人员子女</translation>
    </message>
    <message>
        <source>Street child</source>
        <translation>流浪儿童</translation>
    </message>
    <message>
        <source>Affected by HIV/AIDS</source>
        <translation>受艾滋病影响</translation>
    </message>
    <message>
        <source>Family with drug use</source>
        <translation>吸毒家庭</translation>
    </message>
    <message>
        <source>Victim of violence</source>
        <translation>受暴力侵害</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>已排期</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>已谈</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Face to face</source>
        <translation>面谈</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Video call</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Home visit</source>
        <translation>家访</translation>
    </message>
    <message>
        <source>Study</source>
        <translation>学习</translation>
    </message>
    <message>
        <source>Daily life</source>
        <translation>生活</translation>
    </message>
    <message>
        <source>Feelings</source>
        <translation>心理</translation>
    </message>
    <message>
        <source>Safety</source>
        <translation>安全</translation>
    </message>
    <message>
        <source>Family ties</source>
        <translation>亲情</translation>
    </message>
    <message>
        <source>Serious drop in school work</source>
        <translation>学习严重滑坡</translation>
    </message>
    <message>
        <source>Mental health</source>
        <translation>心理</translation>
    </message>
    <message>
        <source>Behaviour</source>
        <translation>行为</translation>
    </message>
    <message>
        <source>Suspected offence</source>
        <translation>涉嫌违法</translation>
    </message>
    <message>
        <source>Day off</source>
        <translation>休息日</translation>
    </message>
    <message>
        <source>School day (make-up)</source>
        <translation>上学日（调休补课）</translation>
    </message>
    <message>
        <source>Class meeting</source>
        <translation>主题班会</translation>
    </message>
    <message>
        <source>Guardian meeting</source>
        <translation>监护人会</translation>
    </message>
    <message>
        <source>Home visits</source>
        <translation>家访</translation>
    </message>
    <message>
        <source>Family calls and video</source>
        <translation>亲情电话与视频</translation>
    </message>
    <message>
        <source>Letters to parents</source>
        <translation>给父母写信</translation>
    </message>
    <message>
        <source>Safety education</source>
        <translation>安全教育</translation>
    </message>
    <message>
        <source>Sports and arts</source>
        <translation>文体活动</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>读书活动</translation>
    </message>
    <message>
        <source>Awards</source>
        <translation>评选表彰</translation>
    </message>
    <message>
        <source>Survey and archiving</source>
        <translation>摸底与归档</translation>
    </message>
    <message>
        <source>Drowning prevention</source>
        <translation>防溺水</translation>
    </message>
    <message>
        <source>Traffic safety</source>
        <translation>交通安全</translation>
    </message>
    <message>
        <source>Fire safety</source>
        <translation>消防安全</translation>
    </message>
    <message>
        <source>Earthquake drill</source>
        <translation>防震演练</translation>
    </message>
    <message>
        <source>Whole school</source>
        <translation>全校</translation>
    </message>
    <message>
        <source>Grades</source>
        <translation>年级</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Chosen children</source>
        <translation>指定儿童</translation>
    </message>
    <message>
        <source>Carried out</source>
        <translation>已开展</translation>
    </message>
    <message>
        <source>The school's family phone</source>
        <translation>学校亲情电话</translation>
    </message>
    <message>
        <source>A teacher's phone</source>
        <translation>老师的电话</translation>
    </message>
    <message>
        <source>The guardian's phone</source>
        <translation>监护人的电话</translation>
    </message>
    <message>
        <source>Another phone</source>
        <translation>其他电话</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>成长记录</translation>
    </message>
    <message>
        <source>Test result</source>
        <translation>测试成绩</translation>
    </message>
    <message>
        <source>Award</source>
        <translation>获奖</translation>
    </message>
    <message>
        <source>Good news</source>
        <translation>喜报</translation>
    </message>
    <message>
        <source>Letter to the parents</source>
        <translation>给父母的信</translation>
    </message>
    <message>
        <source>Letter from the parents</source>
        <translation>父母的来信</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>See the children list</source>
        <translation>查看儿童名单</translation>
    </message>
    <message>
        <source>Open a child's full record</source>
        <translation>查看儿童完整档案</translation>
    </message>
    <message>
        <source>Edit a child's record</source>
        <translation>修改儿童档案</translation>
    </message>
    <message>
        <source>See full ID numbers</source>
        <translation>查看完整身份证号</translation>
    </message>
    <message>
        <source>See full phone numbers</source>
        <translation>查看完整电话号码</translation>
    </message>
    <message>
        <source>See health details</source>
        <translation>查看健康情况</translation>
    </message>
    <message>
        <source>Record a guardian's consent</source>
        <translation>登记监护人同意书</translation>
    </message>
    <message>
        <source>Anonymise old records</source>
        <translation>匿名化旧档案</translation>
    </message>
    <message>
        <source>Manage accounts</source>
        <translation>管理账号</translation>
    </message>
    <message>
        <source>Change school settings</source>
        <translation>修改学校设置</translation>
    </message>
    <message>
        <source>View the audit log</source>
        <translation>查看审计日志</translation>
    </message>
    <message>
        <source>Export the audit log</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <source>Make a backup</source>
        <translation>制作备份</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Export the roster to Excel</source>
        <translation>导出花名册到 Excel</translation>
    </message>
    <message>
        <source>Start a new school year</source>
        <translation>开始新学年</translation>
    </message>
    <message>
        <source>Print contact cards and forms</source>
        <translation>打印联系卡和表格</translation>
    </message>
    <message>
        <source>Pair mentors with children</source>
        <translation>结对帮扶（为儿童指定帮扶教师）</translation>
    </message>
    <message>
        <source>Edit the school calendar</source>
        <translation>编辑学校校历</translation>
    </message>
    <message>
        <source>Plan the month's talks</source>
        <translation>安排本月谈心</translation>
    </message>
    <message>
        <source>Record talks</source>
        <translation>录入谈心记录</translation>
    </message>
    <message>
        <source>See how the talks are going</source>
        <translation>查看谈心完成情况</translation>
    </message>
    <message>
        <source>Plan the term's activities</source>
        <translation>安排本学期活动</translation>
    </message>
    <message>
        <source>Record activities, home visits and family calls</source>
        <translation>记录活动、家访和亲情电话</translation>
    </message>
    <message>
        <source>See the term plan and its figures</source>
        <translation>查看行事历和统计数字</translation>
    </message>
    <message>
        <source>Add to a child's growth record</source>
        <translation>添加儿童成长档案记录</translation>
    </message>
    <message>
        <source>Pair with the township or the schools</source>
        <translation>与乡镇或各学校配对</translation>
    </message>
    <message>
        <source>Make and take in sync bundles</source>
        <translation>生成和导入同步包</translation>
    </message>
    <message>
        <source>Send notices and term-plan templates to the schools</source>
        <translation>向各校发送通知和行事历模板</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Guardian</source>
        <translation>监护人</translation>
    </message>
    <message>
        <source>Guardianship type</source>
        <translation>监护类型</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>监护人同意</translation>
    </message>
    <message>
        <source>4 cards on an A4 page, with cut lines</source>
        <translation>A4 纸每页 4 张，带裁剪线</translation>
    </message>
    <message>
        <source>1 card per A6 page</source>
        <translation>每页一张（A6 纸）</translation>
    </message>
    <message>
        <source>1 large card per A5 page</source>
        <translation>每页一张大卡（A5 纸）</translation>
    </message>
    <message>
        <source>Wallet size, folded (5 on an A4 page)</source>
        <translation>钱包大小，对折（A4 纸每页 5 张）</translation>
    </message>
    <message>
        <source>New Year's Day</source>
        <translation>元旦</translation>
    </message>
    <message>
        <source>Spring Festival</source>
        <translation>春节</translation>
    </message>
    <message>
        <source>Lantern Festival</source>
        <translation>元宵节</translation>
    </message>
    <message>
        <source>Women's Day</source>
        <translation>妇女节</translation>
    </message>
    <message>
        <source>Qingming Festival</source>
        <translation>清明节</translation>
    </message>
    <message>
        <source>Labour Day</source>
        <translation>劳动节</translation>
    </message>
    <message>
        <source>Youth Day</source>
        <translation>五四青年节</translation>
    </message>
    <message>
        <source>Children's Day</source>
        <translation>儿童节</translation>
    </message>
    <message>
        <source>Dragon Boat Festival</source>
        <translation>端午节</translation>
    </message>
    <message>
        <source>Qixi Festival</source>
        <translation>七夕</translation>
    </message>
    <message>
        <source>Teachers' Day</source>
        <translation>教师节</translation>
    </message>
    <message>
        <source>Mid-Autumn Festival</source>
        <translation>中秋节</translation>
    </message>
    <message>
        <source>National Day</source>
        <translation>国庆节</translation>
    </message>
    <message>
        <source>Double Ninth Festival</source>
        <translation>重阳节</translation>
    </message>
</context>
<context>
    <name>_FormDialog</name>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
</TS>