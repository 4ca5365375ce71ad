<#
.SYNOPSIS
  Build liushou-desktop for Windows: the program folder, the portable zip and the installer.

.DESCRIPTION
  From a clean checkout, on 64-bit Windows 10 or later with Python 3.11+ (64-bit, from
  python.org, with the "py" launcher):

      powershell -ExecutionPolicy Bypass -File packaging\build.ps1 OUTDIR

  makes a fresh virtual environment (OUTDIR\build\venv) with the project and PyInstaller,
  runs packaging\liushou-desktop.spec, runs the smoke test (--self-test, then the first
  window offscreen) and leaves in OUTDIR:
    liushou-desktop\liushou-desktop.exe              the program (no console window)
    liushou-desktop\liushou-desktop-debug.exe        the same with a console, for support
    liushou-desktop-<version>-win64-portable.zip     the folder with a "portable" marker:
                                                     its data stays in data\ beside it
    liushou-desktop-<version>-win64-setup.exe        the installer, if Inno Setup 6's
                                                     ISCC.exe is found (else skipped)
  Exits non-zero if a step fails. This file is ASCII on purpose: Windows PowerShell 5.1
  reads a script without a byte order mark in the ANSI code page.
#>
param(
    [Parameter(Mandatory = $true, Position = 0)][string]$OutDir,
    [string]$PythonVersion = '3.11'
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$started = Get-Date
$root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
New-Item -ItemType Directory -Force -Path $OutDir | Out-Null
$out = (Resolve-Path $OutDir).Path
$venv = Join-Path $out 'build\venv'
$py = Join-Path $venv 'Scripts\python.exe'
$app = Join-Path $out 'liushou-desktop'

function Write-Step([string]$Text) {
    $seconds = [int]((Get-Date) - $started).TotalSeconds
    Write-Host ''
    Write-Host "== $Text (${seconds}s)"
}

# A native program's failure does not stop PowerShell 5.1: check its exit code.
function Invoke-Native {
    param([Parameter(Mandatory = $true)][string]$Exe, [string[]]$Arguments = @())
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "$Exe $($Arguments -join ' ') failed (exit code $LASTEXITCODE)"
    }
}

Write-Step "fresh build environment in $venv"
# No double quotes inside native arguments: Windows PowerShell 5.1 drops them.
Invoke-Native 'py' @("-$PythonVersion", '-c', 'import struct, sys; sys.exit(0 if struct.calcsize(''P'') == 8 and sys.version_info >= (3, 11) else 1)')
if (Test-Path (Join-Path $out 'build')) { Remove-Item -Recurse -Force (Join-Path $out 'build') }
if (Test-Path $app) { Remove-Item -Recurse -Force $app }
Invoke-Native 'py' @("-$PythonVersion", '-m', 'venv', $venv)
Invoke-Native $py @('-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', $root, 'pyinstaller>=6.10,<7')
$version = (& $py -c 'import liushou_desktop; print(liushou_desktop.__version__)').Trim()
if ($LASTEXITCODE -ne 0) { throw 'cannot read the version of liushou_desktop' }
# The installer's VersionInfoVersion takes numbers only: 0.1.0rc1 -> 0.1.0.0
$numbers = @([regex]::Matches($version, '\d+') | Select-Object -First 3 | ForEach-Object { $_.Value })
while ($numbers.Count -lt 4) { $numbers += '0' }
$numericVersion = $numbers -join '.'
Write-Host "liushou-desktop $version ($numericVersion)"

Write-Step 'translations and icon'
# The compiled .qm is committed (a test fails when it is stale); compile only if missing.
$missingQm = @(Get-ChildItem (Join-Path $root 'translations\*.ts') | Where-Object {
        -not (Test-Path ([IO.Path]::ChangeExtension($_.FullName, '.qm')))
    })
if ($missingQm.Count -gt 0) {
    Push-Location $root
    try { Invoke-Native $py @('packaging\i18n.py', 'release') } finally { Pop-Location }
}
$icons = Join-Path $root 'packaging\icons'
if (-not (Test-Path (Join-Path $icons 'liushou-desktop.ico')) -or -not (Test-Path (Join-Path $root 'resources\icons\liushou-desktop.png'))) {
    Invoke-Native $py @((Join-Path $root 'packaging\make_icon.py'))
}

Write-Step 'PyInstaller'
$work = Join-Path $out 'build\work'
Push-Location (Join-Path $out 'build')
try {
    Invoke-Native (Join-Path $venv 'Scripts\pyinstaller.exe') @(
        '--noconfirm', '--clean', '--log-level', 'WARN',
        '--distpath', $out, '--workpath', $work,
        (Join-Path $root 'packaging\liushou-desktop.spec'))
}
finally { Pop-Location }
$exe = Join-Path $app 'liushou-desktop.exe'
$debugExe = Join-Path $app 'liushou-desktop-debug.exe'
foreach ($program in @($exe, $debugExe)) {
    if (-not (Test-Path $program)) { throw "no program at $program" }
}

Write-Step 'smoke test: --version, --self-test, the first window (offscreen)'
# The console variant: PowerShell waits for it and gets its output and exit code.
Invoke-Native $debugExe @('--version')
Invoke-Native $debugExe @('--self-test')
$smoke = Join-Path ([IO.Path]::GetTempPath()) ("liushou-smoke-" + [guid]::NewGuid())
$env:QT_QPA_PLATFORM = 'offscreen'
$env:LIUSHOU_EXIT_WHEN_SHOWN = '1'
try {
    $shown = (& $debugExe '--data-dir' (Join-Path $smoke 'data')) -join "`n"
    if ($LASTEXITCODE -ne 0 -or -not $shown.StartsWith('shown')) {
        throw "the program did not show its first window (exit code $LASTEXITCODE): $shown"
    }
    Write-Host $shown
}
finally {
    Remove-Item Env:\QT_QPA_PLATFORM, Env:\LIUSHOU_EXIT_WHEN_SHOWN -ErrorAction SilentlyContinue
    if (Test-Path $smoke) { Remove-Item -Recurse -Force $smoke }
}

Write-Step 'portable zip'
# The same folder with a file named "portable" beside the program: the data then lives
# in data\ beside it (liushou_desktop.paths.resolve_data_dir), e.g. on a USB stick.
$staging = Join-Path $out 'build\portable'
if (Test-Path $staging) { Remove-Item -Recurse -Force $staging }
New-Item -ItemType Directory -Force -Path $staging | Out-Null
Copy-Item -Recurse $app (Join-Path $staging 'liushou-desktop')
$marker = "This file makes liushou-desktop keep its data in the data folder beside it.`r`n" +
"Delete it to keep the data in %LOCALAPPDATA%\liushou-desktop instead.`r`n"
[IO.File]::WriteAllText((Join-Path $staging 'liushou-desktop\portable'), $marker, [Text.Encoding]::ASCII)
$zip = Join-Path $out "liushou-desktop-$version-win64-portable.zip"
if (Test-Path $zip) { Remove-Item -Force $zip }
Add-Type -AssemblyName System.IO.Compression.FileSystem
[IO.Compression.ZipFile]::CreateFromDirectory($staging, $zip, [IO.Compression.CompressionLevel]::Optimal, $false)

Write-Step 'installer (Inno Setup 6)'
$iscc = $null
$command = Get-Command 'ISCC.exe' -ErrorAction SilentlyContinue
if ($command) { $iscc = $command.Source }
foreach ($candidate in @(
        (Join-Path ${env:ProgramFiles(x86)} 'Inno Setup 6\ISCC.exe'),
        (Join-Path $env:ProgramFiles 'Inno Setup 6\ISCC.exe'),
        (Join-Path $env:LOCALAPPDATA 'Programs\Inno Setup 6\ISCC.exe'))) {
    if (-not $iscc -and (Test-Path $candidate)) { $iscc = $candidate }
}
$setup = $null
if ($iscc) {
    Invoke-Native $iscc @(
        '/Q',
        "/DAppVersion=$version",
        "/DNumericVersion=$numericVersion",
        "/DSourceDir=$app",
        "/DOutputDir=$out",
        "/DIconFile=$(Join-Path $icons 'liushou-desktop.ico')",
        (Join-Path $root 'packaging\windows\liushou-desktop.iss'))
    $setup = Join-Path $out "liushou-desktop-$version-win64-setup.exe"
    if (-not (Test-Path $setup)) { throw "ISCC did not write $setup" }
}
else {
    Write-Warning 'Inno Setup 6 (ISCC.exe) not found: no installer. Install it from https://jrsoftware.org/isdl.php and run this again.'
}

Write-Step 'done'
$bytes = (Get-ChildItem -Recurse -File $app | Measure-Object -Property Length -Sum).Sum
$files = @(Get-ChildItem -Recurse -File $app).Count
Write-Host ("program:   $exe")
Write-Host ("folder:    {0:N0} MB ({1} files)" -f ($bytes / 1MB), $files)
Write-Host ("portable:  $zip ({0:N0} MB)" -f ((Get-Item $zip).Length / 1MB))
if ($setup) { Write-Host ("installer: $setup ({0:N0} MB)" -f ((Get-Item $setup).Length / 1MB)) }
Write-Host ("time:      {0:N0} s" -f ((Get-Date) - $started).TotalSeconds)
