; Inno Setup 6.3+ script (x64compatible needs 6.3): the Windows installer of liushou-desktop (留守儿童关爱工作平台).
;
; packaging\build.ps1 compiles it after PyInstaller, passing what the build knows:
;   ISCC.exe /DAppVersion=0.1.0 /DNumericVersion=0.1.0.0 /DSourceDir=OUT\liushou-desktop
;            /DOutputDir=OUT /DIconFile=packaging\icons\liushou-desktop.ico liushou-desktop.iss
;
; - Per-user install without administrator rights (into %LOCALAPPDATA%\Programs); an
;   administrator may choose "for all users" in the first dialog (Program Files).
; - 64-bit Windows 10 or later only (what PySide6 6.x supports).
; - The data is never in the program folder: it is in the user's
;   %LOCALAPPDATA%\liushou-desktop (liushou_desktop.paths.default_data_dir), so
;   uninstalling leaves it, and installing a newer version over an older one keeps it;
;   the newer program backs the database up, then migrates it, when it first opens it
;   (liushou_desktop.db.database.open_database).
; - Messages in Simplified Chinese if ChineseSimplified.isl (an unofficial translation,
;   not installed with Inno Setup) is beside this script or in Inno Setup's Languages
;   folder, else in English.

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=x.y.z (build.ps1 does)
#endif
#ifndef NumericVersion
  #define NumericVersion AppVersion
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\liushou-desktop"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#ifndef IconFile
  #define IconFile "..\icons\liushou-desktop.ico"
#endif

#define AppName "留守儿童关爱工作平台"
#define AppExe "liushou-desktop.exe"

[Setup]
; Never change AppId: it is how a newer installer finds the installed version.
AppId={{5C0F3A7E-2B9D-4E61-9A3C-8D17F4B2E6A1}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=liushou_desktop developers
AppComments=农村留守儿童关爱工作平台 liushou-desktop
VersionInfoVersion={#NumericVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} 安装程序
; {autopf} is %LOCALAPPDATA%\Programs for a per-user install, Program Files for all users.
; Not %LOCALAPPDATA%\liushou-desktop: that is the data folder.
DefaultDirName={autopf}\liushou-desktop
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=liushou-desktop-{#AppVersion}-win64-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; The running program is closed (Restart Manager) before its files are replaced.
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=auto

[Languages]
#if FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "{#AddBackslash(SourcePath)}ChineseSimplified.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#else
  #pragma message "ChineseSimplified.isl not found: the installer's messages are in English"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An older version's Python and Qt files must not linger beside the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; The whole PyInstaller folder. Never a portable marker or a data folder: with them
; the program would keep its data in the program folder, which the uninstaller removes.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Excludes: "\portable,\data"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#StringChange(AppName, '&', '&&')}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the uninstaller removes only what it installed. The data in
; %LOCALAPPDATA%\liushou-desktop (database, backups, logs, fonts) stays.
